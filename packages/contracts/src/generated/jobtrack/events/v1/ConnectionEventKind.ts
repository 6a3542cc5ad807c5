// Original file: proto/jobtrack/events/v1/events.proto

export const ConnectionEventKind = {
  CONNECTION_EVENT_KIND_UNSPECIFIED: 'CONNECTION_EVENT_KIND_UNSPECIFIED',
  CONNECTION_EVENT_KIND_CONNECTED: 'CONNECTION_EVENT_KIND_CONNECTED',
  CONNECTION_EVENT_KIND_DISCONNECTED: 'CONNECTION_EVENT_KIND_DISCONNECTED',
} as const;

export type ConnectionEventKind =
  | 'CONNECTION_EVENT_KIND_UNSPECIFIED'
  | 0
  | 'CONNECTION_EVENT_KIND_CONNECTED'
  | 1
  | 'CONNECTION_EVENT_KIND_DISCONNECTED'
  | 2

export type ConnectionEventKind__Output = typeof ConnectionEventKind[keyof typeof ConnectionEventKind]
