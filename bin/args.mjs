// The command line, parsed by hand rather than node:util's parseArgs so that
// every mistake names the flag as typed, '-h' can be height and help, and a
// value may begin with '-' (so '-w -3' reports the value, not a missing one).
import { CliError } from './cli-error.mjs';

const OPTIONS = {
  width: { short: 'w', value: true },
  height: { short: 'h', value: true },
  output: { short: 'o', value: true },
  filter: { short: 'f', value: true },
  quality: { short: 'q', value: true },
  'limit-input-pixels': { value: true },
  fit: { value: true },
  position: { value: true },
  background: { value: true },
  crop: { value: true },
  sharpen: { value: true },
  'without-enlargement': {},
  'linear-light': {},
  'no-premultiply': {},
  'no-rotate': {},
  help: { short: '?' },
};
const BY_SHORT = Object.fromEntries(Object.entries(OPTIONS).flatMap(([name, o]) => (o.short ? [[o.short, name]] : [])));

/**
 * argv -> { help } or { options: { name: { flag, value } }, positionals }.
 * `flag` is the spelling used, for messages; boolean options have value true.
 */
export function parseArgs(argv) {
  // Alone, '-h' cannot be a height (there is no value and no input): it asks for help.
  if (argv.length === 1 && argv[0] === '-h') return { help: true };
  const options = {};
  const positionals = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const { flag, name, inline } = splitFlag(arg);
    if (name === 'help') return { help: true };
    const first = options[name]?.flag;
    if (first) throw new CliError(`${flag} given twice${first === flag ? '' : ` (also as ${first})`}`);
    if (!OPTIONS[name].value) {
      if (inline !== undefined) throw new CliError(`${flag} takes no value, got '${inline}'`);
      options[name] = { flag, value: true };
      continue;
    }
    const value = inline ?? (looksLikeOption(argv[i + 1]) ? undefined : argv[++i]);
    if (value === undefined) throw new CliError(`${flag} needs a value${flag === '-h' ? ' (the height; --help or -? prints usage)' : ''}`);
    options[name] = { flag, value };
  }
  return { options, positionals };
}

function splitFlag(arg) {
  const long = arg.startsWith('--');
  const eq = arg.indexOf('=');
  const flag = long ? (eq < 0 ? arg : arg.slice(0, eq)) : arg.slice(0, 2);
  const inline = long ? (eq < 0 ? undefined : arg.slice(eq + 1)) : arg.length > 2 ? arg.slice(2) : undefined;
  const name = long ? flag.slice(2) : BY_SHORT[flag[1]];
  if (!Object.hasOwn(OPTIONS, name ?? '')) throw new CliError(`unknown option '${flag}'`);
  return { flag, name, inline };
}

/** A following argument is taken as the value unless it is another option ('-3' is a value). */
function looksLikeOption(next) {
  return next === undefined || /^-[^\d]/.test(next);
}

/**
 * An option's value as an integer in [min, max]; undefined when not given.
 * `what` completes "<flag> must be ...".
 */
export function integer(option, what, min, max = Number.MAX_SAFE_INTEGER) {
  if (!option) return undefined;
  const n = /^\d+$/.test(option.value) ? Number(option.value) : NaN;
  if (!(n >= min && n <= max)) throw new CliError(`${option.flag} must be ${what}, got '${option.value}'`);
  return n;
}

/**
 * An option's value as comma-separated numbers, `min` to `names.length` of
 * them (`names` spells the expected form); undefined when not given. Ranges
 * are resizeImage's to check, so its errors name the option.
 */
export function numbers(option, names, min = names.length) {
  if (!option) return undefined;
  const parts = option.value.split(',');
  const list = parts.map((p) => (/^\s*-?(\d+\.?\d*|\.\d+)\s*$/.test(p) ? Number(p) : NaN));
  if (list.length < min || list.length > names.length || list.some(Number.isNaN)) {
    throw new CliError(`${option.flag} must be ${names.slice(0, min).join(',')}${names.slice(min).map((n) => `[,${n}]`).join('')}, got '${option.value}'`);
  }
  return list;
}
