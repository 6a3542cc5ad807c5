import { type Logger } from 'pino';
export type { Logger } from 'pino';
/** JSON logs with the active trace and span ids on every line, so a log line leads to its trace. */
export declare function createLogger(options: {
    name: string;
    level?: string;
}): Logger;
