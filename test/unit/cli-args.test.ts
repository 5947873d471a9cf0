// The `lab` option parser: both option forms, switches, and errors that name the option.
import { describe, expect, it } from 'vitest';
import { parseArgs, type OptionDefs } from '../../main/cli/args';
import { UsageError } from '../../main/cli/text';

const h = { en: '', zh: '' };
const defs = {
  fn: { kind: 'string', required: true, help: h },
  start: { kind: 'point', help: h },
  steps: { kind: 'integer', help: h },
  rate: { kind: 'number', help: h },
  optimizer: { kind: 'json', help: h },
  json: { kind: 'boolean', help: h },
} satisfies OptionDefs;

const usageMessage = (argv: string[], positionals: { name: string; required?: boolean; help: typeof h }[] = []) => {
  try {
    parseArgs(argv, defs, positionals);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as UsageError).text.en;
  }
  throw new Error('expected a usage error');
};

describe('parseArgs', () => {
  it('reads "--name value" and "--name=value" alike', () => {
    const a = parseArgs(['--fn', 'saddle', '--start', '1,0.5', '--steps', '3', '--optimizer', '{"name":"sgd"}'], defs);
    const b = parseArgs(['--fn=saddle', '--start=1,0.5', '--steps=3', '--optimizer={"name":"sgd"}'], defs);
    expect(a.options).toEqual({ fn: 'saddle', start: [1, 0.5], steps: 3, optimizer: { name: 'sgd' }, json: false, rate: undefined });
    expect(b.options).toEqual(a.options);
  });

  it('takes a value starting with a dash only in the = form', () => {
    expect(parseArgs(['--fn=x', '--start=-1.2,1', '--rate=-2e-3'], defs).options).toMatchObject({ start: [-1.2, 1], rate: -0.002 });
    expect(usageMessage(['--fn=x', '--start', '-1.2,1'])).toBe('--start needs a value (--start=VALUE for a value that starts with "-")');
    expect(usageMessage(['--fn'])).toMatch(/^--fn needs a value/);
  });

  it('treats booleans as switches, with optional =true/=false', () => {
    expect(parseArgs(['--fn=x', '--json'], defs).options.json).toBe(true);
    expect(parseArgs(['--fn=x', '--json=false'], defs).options.json).toBe(false);
    expect(usageMessage(['--fn=x', '--json=yes'])).toMatch(/^--json is a switch/);
  });

  it('names the option in every error', () => {
    expect(usageMessage(['--fn=x', '--bogus', '1'])).toBe('unknown option --bogus; expected one of: --fn, --start, --steps, --rate, --optimizer, --json');
    expect(usageMessage(['-f', 'x'])).toMatch(/^unknown option -f/);
    expect(usageMessage([])).toBe('--fn is required');
    expect(usageMessage(['--fn=x', '--steps', '2.5'])).toBe('--steps: expected a whole number, got "2.5"');
    expect(usageMessage(['--fn=x', '--steps', '1e400'])).toMatch(/^--steps: expected a whole number/);
    expect(usageMessage(['--fn=x', '--rate', '0x10'])).toBe('--rate: expected a number, got "0x10"');
    expect(usageMessage(['--fn=x', '--start', '1'])).toBe('--start: expected two numbers X,Y, got "1"');
    expect(usageMessage(['--fn=x', '--start', '1,2,3'])).toMatch(/^--start: expected two numbers/);
    expect(usageMessage(['--fn=x', '--start', '1,abc'])).toMatch(/^--start: expected two numbers/);
    expect(usageMessage(['--fn=x', '--optimizer', '{lr:1}'])).toMatch(/^--optimizer: not valid JSON/);
    expect(usageMessage(['--fn=x', '--fn=y'])).toBe('--fn given more than once');
    expect(usageMessage(['--fn='])).toBe('--fn: must not be empty');
  });

  it('checks positionals, which may be negative numbers', () => {
    const pos = [{ name: 'RUN_ID', required: true, help: h }];
    expect(parseArgs(['--fn=x', '7'], defs, pos).positionals).toEqual(['7']);
    expect(parseArgs(['--fn=x', '-7'], defs, pos).positionals).toEqual(['-7']);
    expect(parseArgs(['--fn=x', '--', '--json'], defs, pos)).toMatchObject({ positionals: ['--json'], options: { json: false } });
    expect(usageMessage(['--fn=x'], pos)).toBe('missing argument RUN_ID');
    expect(usageMessage(['--fn=x', '1', '2'], pos)).toBe('unexpected argument "2"');
  });
});
