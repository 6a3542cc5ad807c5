import { parseArgs } from 'node:util';
import { UsageError } from './errors.ts';

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  gateway: { type: 'string' },
  ws: { type: 'string' },
  token: { type: 'string' },
  user: { type: 'string' },
  input: { type: 'string' },
  'input-file': { type: 'string' },
  watch: { type: 'boolean' },
  level: { type: 'string' },
  transport: { type: 'string' },
  verbose: { type: 'boolean' },
} as const;

export type OptionName = keyof typeof OPTIONS;
export type OptionValues = Partial<Record<OptionName, string | boolean>>;

export const COMMANDS = ['token', 'submit', 'watch'] as const;
export type Command = (typeof COMMANDS)[number];

const COMMON: readonly OptionName[] = ['help', 'gateway', 'ws', 'verbose'];
const WATCHING: readonly OptionName[] = ['level', 'transport', 'token', 'user'];
const ALLOWED: Record<Command, readonly OptionName[]> = {
  token: ['user'],
  submit: ['input', 'input-file', 'watch', ...WATCHING],
  watch: WATCHING,
};
const ARGUMENTS: Record<Command, readonly string[]> = { token: [], submit: ['<type>'], watch: ['<jobId>'] };

export type CommandLine =
  | { help: true; command?: Command }
  | { help: false; command: Command; args: string[]; values: OptionValues };

export function parseCommandLine(argv: string[]): CommandLine {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  const [name, ...args] = positionals;
  const command = name === undefined ? undefined : commandOf(name);
  if (values.help) return command ? { help: true, command } : { help: true };
  if (!command) throw new UsageError(`no command given; one of: ${COMMANDS.join(', ')}`);
  for (const option of Object.keys(values) as OptionName[]) {
    if (!COMMON.includes(option) && !ALLOWED[command].includes(option)) {
      throw new UsageError(`--${option} does not apply to '${command}'`);
    }
  }
  const expected = ARGUMENTS[command];
  if (args.length !== expected.length) {
    const wanted = expected.length === 0 ? 'no arguments' : expected.join(' ');
    throw new UsageError(`'${command}' takes ${wanted}, got ${args.length === 0 ? 'none' : args.join(' ')}`);
  }
  return { help: false, command, args, values: { ...values } };
}

function commandOf(name: string): Command {
  if ((COMMANDS as readonly string[]).includes(name)) return name as Command;
  throw new UsageError(`unknown command '${name}'; one of: ${COMMANDS.join(', ')}`);
}

/** A string option's value, refusing an empty one (as `--user ""` would give). */
export function stringOption(values: OptionValues, name: OptionName): string | undefined {
  const value = values[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`--${name} needs a value`);
  return value;
}

export function choiceOption<const T extends string>(
  values: OptionValues,
  name: OptionName,
  choices: readonly T[],
): T | undefined {
  const value = stringOption(values, name);
  if (value === undefined) return undefined;
  if (!(choices as readonly string[]).includes(value)) {
    throw new UsageError(`--${name} must be one of ${choices.join(', ')}, not '${value}'`);
  }
  return value as T;
}
