// Original file: proto/jobtrack/events/v1/events.proto

import type { ConnectionEventKind as _jobtrack_events_v1_ConnectionEventKind, ConnectionEventKind__Output as _jobtrack_events_v1_ConnectionEventKind__Output } from '../../../jobtrack/events/v1/ConnectionEventKind.ts';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../../google/protobuf/Timestamp.ts';

export interface ConnectionEvent {
  'connectionId'?: (string);
  'user'?: (string);
  'instance'?: (string);
  'kind'?: (_jobtrack_events_v1_ConnectionEventKind);
  'reason'?: (string);
  'closeCode'?: (number);
  'occurTime'?: (_google_protobuf_Timestamp | null);
}

export interface ConnectionEvent__Output {
  'connectionId': (string);
  'user': (string);
  'instance': (string);
  'kind': (_jobtrack_events_v1_ConnectionEventKind__Output);
  'reason': (string);
  'closeCode': (number);
  'occurTime': (_google_protobuf_Timestamp__Output | null);
}
