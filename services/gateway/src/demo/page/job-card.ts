import type { JobUpdate } from '@jobtrack/client';
import type { JobResource } from './api.ts';
import { find, fromTemplate } from './dom.ts';

/** What a card shows: the fields every update and the REST resource share. */
type JobState = Pick<JobUpdate, 'seq' | 'status' | 'done' | 'progress' | 'error' | 'cancelRequested'>;

/** Statuses on the way back: steps are being or have been undone. */
const UNDOING = new Set(['COMPENSATING', 'COMPENSATED', 'CANCELLING', 'CANCELLED']);

/** One submitted job: its status, progress bar, current step, failure and every step event. */
export class JobCard {
  readonly element: HTMLLIElement;
  readonly jobId: string;
  #seq = -1;
  #done = false;
  readonly #status: HTMLElement;
  readonly #step: HTMLElement;
  readonly #progress: HTMLProgressElement;
  readonly #percent: HTMLElement;
  readonly #failure: HTMLElement;
  readonly #note: HTMLElement;
  readonly #events: HTMLOListElement;
  readonly #eventCount: HTMLElement;
  readonly #cancel: HTMLButtonElement;

  constructor(job: JobResource, label: string, presetId: string, onCancel: (card: JobCard) => void) {
    this.jobId = job.id;
    const card = fromTemplate('job-card-template', HTMLLIElement);
    this.element = card;
    card.dataset.jobId = job.id;
    card.dataset.preset = presetId;
    card.setAttribute('aria-label', `${label}, job ${job.id}`);
    find(card, '[data-field="label"]', HTMLElement).textContent = label;
    find(card, '[data-testid="job-id"]', HTMLElement).textContent = job.id;
    find(card, '[data-testid="job-type"]', HTMLElement).textContent = job.type;
    this.#status = find(card, '[data-testid="status"]', HTMLElement);
    this.#step = find(card, '[data-testid="step"]', HTMLElement);
    this.#progress = find(card, '[data-testid="progress"]', HTMLProgressElement);
    this.#progress.setAttribute('aria-label', `Progress of ${label}`);
    this.#percent = find(card, '[data-testid="percent"]', HTMLElement);
    this.#failure = find(card, '[data-testid="failure"]', HTMLElement);
    this.#note = find(card, '[data-testid="note"]', HTMLElement);
    this.#events = find(card, '[data-testid="events"]', HTMLOListElement);
    this.#eventCount = find(card, '[data-field="event-count"]', HTMLElement);
    this.#cancel = find(card, '[data-testid="cancel"]', HTMLButtonElement);
    this.#cancel.setAttribute('aria-label', `Cancel ${label}`);
    this.#cancel.addEventListener('click', () => onCancel(this));
    this.#show(job);
  }

  /** Applies an update from the stream; each carries the whole state, and older ones are ignored. */
  update(update: JobUpdate): void {
    if (update.seq <= this.#seq) return;
    this.#show(update);
    this.#addEvent(update);
  }

  note(text: string): void {
    this.#note.textContent = text;
    this.#note.hidden = false;
  }

  /** Keeps the cancel button off while a cancel request is on its way, and for good once the job ended. */
  cancelBusy(busy: boolean): void {
    this.#cancel.disabled = busy || this.#done;
  }

  #show(state: JobState): void {
    this.#seq = state.seq;
    this.element.dataset.status = state.status;
    this.#status.textContent = state.status;
    this.#step.textContent = state.progress.step || '–';
    const percent = Math.round(state.progress.percent);
    this.#progress.value = percent;
    this.#progress.setAttribute('aria-valuenow', String(percent));
    this.#percent.textContent = `${percent} %`;
    if (state.error) {
      this.#failure.textContent = `${state.error.code}: ${state.error.message}`;
      this.#failure.hidden = false;
    }
    if (state.cancelRequested) this.note('Cancel requested.');
    this.#done = state.done;
    this.#cancel.disabled = state.done;
  }

  #addEvent(update: JobUpdate): void {
    const item = document.createElement('li');
    const { step, message, percent } = update.progress;
    const time = new Date(update.updatedAt).toLocaleTimeString(undefined, { hour12: false });
    const parts = [`#${update.seq}`, time, update.status, step, `${Math.round(percent)} %`];
    item.textContent = `${parts.filter(Boolean).join(' · ')}${message ? ` — ${message}` : ''}`;
    if (UNDOING.has(update.status) || /undo/i.test(message)) item.dataset.kind = 'undo';
    else if (update.error || update.status === 'FAILED' || /failed/i.test(message))
      item.dataset.kind = 'failure';
    this.#events.append(item);
    this.#eventCount.textContent = String(this.#events.childElementCount);
  }
}
