import { readFile } from 'node:fs/promises';
import { SUBSCRIPTION_LEVELS } from '@jobtrack/contracts/ws-protocol';
import { choiceOption, type OptionValues, parseCommandLine, stringOption } from './args.ts';
import { type Endpoints, endpointsOf } from './endpoints.ts';
import { CommandError, UsageError } from './errors.ts';
import { EXIT_CODES } from './exit-codes.ts';
import { Gateway } from './gateway.ts';
import { HELP } from './help.ts';
import type { Output } from './render.ts';
import { watchJob } from './watch.ts';

export interface CliIo {
  stdout: NodeJS.WritableStream & Output;
  stderr: Output;
  env: Record<string, string | undefined>;
}

const TRANSPORTS = ['auto', 'websocket', 'sse'] as const;

/** Runs one command line and returns the process exit code; every failure is a message on stderr. */
export async function run(argv: string[], io: CliIo): Promise<number> {
  try {
    const line = parseCommandLine(argv);
    if (line.help) {
      io.stdout.write(HELP);
      return EXIT_CODES.ok;
    }
    const endpoints = endpointsOf(line.values, io.env);
    const gateway = new Gateway(endpoints.gatewayUrl);
    switch (line.command) {
      case 'token':
        return await token(line.values, gateway, io);
      case 'submit':
        return await submit(line.args[0] as string, line.values, endpoints, gateway, io);
      case 'watch':
        return await watch(line.args[0] as string, line.values, endpoints, gateway, io);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`jobtrack: ${error.message}\nRun 'jobtrack --help' for usage.\n`);
      return EXIT_CODES.error;
    }
    if (error instanceof CommandError) {
      io.stderr.write(`jobtrack: ${error.message}\n`);
      return EXIT_CODES.error;
    }
    throw error;
  }
}

async function token(values: OptionValues, gateway: Gateway, io: CliIo): Promise<number> {
  const user = stringOption(values, 'user');
  if (!user) throw new UsageError("'token' needs --user <sub>");
  const minted = await gateway.devToken(user);
  io.stdout.write(`${minted.token}\n`);
  return EXIT_CODES.ok;
}

async function submit(
  type: string,
  values: OptionValues,
  endpoints: Endpoints,
  gateway: Gateway,
  io: CliIo,
): Promise<number> {
  const input = await inputOf(values);
  const tokens = tokenSource(values, io.env, gateway);
  const job = await gateway.submit(await tokens(), type, input);
  if (!values.watch) {
    io.stdout.write(`${job.id}\n`);
    return EXIT_CODES.ok;
  }
  io.stderr.write(`submitted ${type} job ${job.id}\n`);
  return await watchWith(job.id, values, endpoints, tokens, io);
}

async function watch(
  jobId: string,
  values: OptionValues,
  endpoints: Endpoints,
  gateway: Gateway,
  io: CliIo,
): Promise<number> {
  return await watchWith(jobId, values, endpoints, tokenSource(values, io.env, gateway), io);
}

function watchWith(
  jobId: string,
  values: OptionValues,
  endpoints: Endpoints,
  token: () => Promise<string>,
  io: CliIo,
): Promise<number> {
  return watchJob({
    jobId,
    level: choiceOption(values, 'level', SUBSCRIPTION_LEVELS) ?? 'progress',
    transport: choiceOption(values, 'transport', TRANSPORTS) ?? 'auto',
    endpoints,
    token,
    stdout: io.stdout,
    stderr: io.stderr,
    verbose: values.verbose === true,
  });
}

/**
 * Where tokens come from: --token, else dev tokens minted for --user (a fresh one each time the SDK asks, so a
 * long watch outlives any one token), else JOBTRACK_TOKEN.
 */
function tokenSource(values: OptionValues, env: CliIo['env'], gateway: Gateway): () => Promise<string> {
  const given = stringOption(values, 'token');
  const user = stringOption(values, 'user');
  if (given && user) throw new UsageError('give --token or --user, not both');
  if (given) return async () => given;
  if (user) return async () => (await gateway.devToken(user)).token;
  const fromEnv = env.JOBTRACK_TOKEN;
  if (fromEnv) return async () => fromEnv;
  throw new UsageError(
    'no token: pass --token, set JOBTRACK_TOKEN, or pass --user <sub> to mint a dev token',
  );
}

async function inputOf(values: OptionValues): Promise<unknown> {
  const inline = stringOption(values, 'input');
  const file = stringOption(values, 'input-file');
  if (inline !== undefined && file !== undefined)
    throw new UsageError('give --input or --input-file, not both');
  if (inline === undefined && file === undefined) {
    throw new UsageError("'submit' needs the job input: --input <json> or --input-file <path>");
  }
  let text = inline as string;
  const source = file === undefined ? '--input' : `--input-file ${file}`;
  if (file !== undefined) {
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw new UsageError(`${source}: cannot read it (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${source} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new UsageError(`${source} must be a JSON object`);
  }
  return input;
}
