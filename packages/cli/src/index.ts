export { type CliIo, run } from './cli.ts';
export { EXIT_CODES } from './exit-codes.ts';
