/**
 * The jobs the page offers. The failing ones use the simulated participants' `simulate` input: a step told to
 * fail more often than its retry budget fails for good, with the participant's own error code.
 */
export interface JobPreset {
  /** Also names the submit button's test id: submit-<id>. */
  id: string;
  label: string;
  description: string;
  type: 'order.place' | 'media.process';
  input(): Record<string, unknown>;
}

/** Order and media ids are locked while their saga runs, so each submission gets fresh ones. */
const fresh = (prefix: string) => `${prefix}-${crypto.randomUUID().slice(0, 8)}`;

const order = () => ({
  orderId: fresh('order'),
  items: [
    { sku: 'book-1', quantity: 1 },
    { sku: 'mug-2', quantity: 2 },
  ],
  amountCents: 4200,
  currency: 'EUR',
});

const upload = () => ({
  mediaId: fresh('media'),
  albumId: 'holidays',
  fileName: 'beach.jpg',
  contentType: 'image/jpeg',
  sizeBytes: 3_500_000,
  renditions: ['thumbnail', '720p', '1080p'],
});

const ALWAYS = { failAttempts: 99 };

export const PRESETS: readonly JobPreset[] = [
  {
    id: 'order',
    label: 'Place an order',
    description: 'Reserves stock, authorizes the payment, schedules shipping and confirms: ends SUCCEEDED.',
    type: 'order.place',
    input: order,
  },
  {
    id: 'order-declined',
    label: 'Order with a declined payment',
    description:
      'The payment (the point of no return) is declined, so the stock reservation is undone: ends COMPENSATED.',
    type: 'order.place',
    input: () => ({ ...order(), simulate: { authorize_payment: ALWAYS } }),
  },
  {
    id: 'media',
    label: 'Process an upload',
    description: 'Stores the file, renders three sizes, adds it to an album and notifies: ends SUCCEEDED.',
    type: 'media.process',
    input: upload,
  },
  {
    id: 'media-album-full',
    label: 'Upload into a full album',
    description:
      'Adding to the album (the point of no return) fails, so the renditions and the stored file are undone: ends COMPENSATED.',
    type: 'media.process',
    input: () => ({ ...upload(), simulate: { add_to_album: ALWAYS } }),
  },
  {
    id: 'media-notifier-down',
    label: 'Upload with the notifier down',
    description:
      'Notifying fails after the point of no return, so nothing is undone: ten attempts with growing back-off (under a minute), then FAILED.',
    type: 'media.process',
    input: () => ({ ...upload(), simulate: { notify: ALWAYS } }),
  },
];
