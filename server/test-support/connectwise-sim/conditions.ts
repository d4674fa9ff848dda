/*
 * The subset of ConnectWise's `conditions` / `childConditions` language the simulator understands:
 * comparisons `= != < <= > >= like contains`, `in (…)`, `not`, `and`/`or` with parentheses, values as
 * "strings" (backslash escapes), numbers, true/false/null and [dates]. Paths like `company/id` descend
 * into objects; through an array (`types/id`) a comparison holds when any element satisfies it.
 * String comparisons ignore case, as ConnectWise's SQL Server collation does.
 */

export class ConditionError extends Error {}

type Literal = string | number | boolean | null | Date;
type Operator = '=' | '!=' | '<' | '<=' | '>' | '>=' | 'like' | 'contains';

export type Condition =
  | { kind: 'and' | 'or'; left: Condition; right: Condition }
  | { kind: 'not'; operand: Condition }
  | { kind: 'compare'; path: string[]; op: Operator; value: Literal }
  | { kind: 'in'; path: string[]; values: Literal[] };

type Token =
  | { type: 'punct'; value: '(' | ')' | ',' }
  | { type: 'op'; value: '=' | '!=' | '<' | '<=' | '>' | '>=' }
  | { type: 'word'; value: string }
  | { type: 'literal'; value: Literal };

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source.charAt(i);
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '(' || ch === ')' || ch === ',') {
      tokens.push({ type: 'punct', value: ch });
      i++;
    } else if (ch === '"') {
      let value = '';
      i++;
      for (;;) {
        if (i >= source.length) throw new ConditionError('unterminated string');
        const c = source.charAt(i);
        if (c === '\\' && i + 1 < source.length) {
          value += source.charAt(i + 1);
          i += 2;
        } else if (c === '"') {
          i++;
          break;
        } else {
          value += c;
          i++;
        }
      }
      tokens.push({ type: 'literal', value });
    } else if (ch === '[') {
      const end = source.indexOf(']', i);
      if (end < 0) throw new ConditionError('unterminated date');
      const date = new Date(source.slice(i + 1, end));
      if (Number.isNaN(date.getTime())) throw new ConditionError(`invalid date ${source.slice(i, end + 1)}`);
      tokens.push({ type: 'literal', value: date });
      i = end + 1;
    } else if ('=!<>'.includes(ch)) {
      const two = source.slice(i, i + 2);
      if (two === '!=' || two === '<=' || two === '>=') {
        tokens.push({ type: 'op', value: two });
        i += 2;
      } else if (ch === '!') {
        throw new ConditionError(`unexpected "!" at ${i}`);
      } else {
        tokens.push({ type: 'op', value: ch as '=' | '<' | '>' });
        i++;
      }
    } else {
      const match = /^[A-Za-z0-9_./+-]+/.exec(source.slice(i));
      if (!match) throw new ConditionError(`unexpected "${ch}" at ${i}`);
      const word = match[0];
      i += word.length;
      if (/^-?\d+(\.\d+)?$/.test(word)) tokens.push({ type: 'literal', value: Number(word) });
      else if (/^(true|false)$/i.test(word)) tokens.push({ type: 'literal', value: word.toLowerCase() === 'true' });
      else if (/^null$/i.test(word)) tokens.push({ type: 'literal', value: null });
      else tokens.push({ type: 'word', value: word });
    }
  }
  return tokens;
}

class Parser {
  private position = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): Condition {
    const condition = this.or();
    if (this.position < this.tokens.length) throw new ConditionError('unexpected input after condition');
    return condition;
  }

  private peek(): Token | undefined {
    return this.tokens[this.position];
  }

  private isKeyword(word: string): boolean {
    const token = this.peek();
    return token?.type === 'word' && token.value.toLowerCase() === word;
  }

  private next(): Token {
    const token = this.tokens[this.position++];
    if (!token) throw new ConditionError('unexpected end of condition');
    return token;
  }

  private or(): Condition {
    let left = this.and();
    while (this.isKeyword('or')) {
      this.position++;
      left = { kind: 'or', left, right: this.and() };
    }
    return left;
  }

  private and(): Condition {
    let left = this.unary();
    while (this.isKeyword('and')) {
      this.position++;
      left = { kind: 'and', left, right: this.unary() };
    }
    return left;
  }

  private unary(): Condition {
    if (this.isKeyword('not')) {
      this.position++;
      return { kind: 'not', operand: this.unary() };
    }
    const token = this.peek();
    if (token?.type === 'punct' && token.value === '(') {
      this.position++;
      const inner = this.or();
      const close = this.next();
      if (close.type !== 'punct' || close.value !== ')') throw new ConditionError('expected ")"');
      return inner;
    }
    return this.comparison();
  }

  private comparison(): Condition {
    const field = this.next();
    if (field.type !== 'word') throw new ConditionError('expected a field name');
    const path = field.value.split('/').filter(Boolean);
    const operator = this.next();
    if (operator.type === 'op') return { kind: 'compare', path, op: operator.value, value: this.literal() };
    if (operator.type === 'word') {
      const word = operator.value.toLowerCase();
      if (word === 'like' || word === 'contains') return { kind: 'compare', path, op: word, value: this.literal() };
      if (word === 'in') return { kind: 'in', path, values: this.list() };
      if (word === 'not' && this.isKeyword('in')) {
        this.position++;
        return { kind: 'not', operand: { kind: 'in', path, values: this.list() } };
      }
    }
    throw new ConditionError(`unknown operator after ${field.value}`);
  }

  private literal(): Literal {
    const token = this.next();
    if (token.type !== 'literal') throw new ConditionError('expected a value');
    return token.value;
  }

  private list(): Literal[] {
    const open = this.next();
    if (open.type !== 'punct' || open.value !== '(') throw new ConditionError('expected "(" after in');
    const values: Literal[] = [this.literal()];
    for (;;) {
      const token = this.next();
      if (token.type === 'punct' && token.value === ')') return values;
      if (token.type !== 'punct' || token.value !== ',') throw new ConditionError('expected "," or ")"');
      values.push(this.literal());
    }
  }
}

export function parseConditions(source: string): Condition {
  return new Parser(tokenize(source)).parse();
}

/** Values found at a path, descending through arrays (any element may match). Case-insensitive keys. */
function valuesAt(item: unknown, path: string[]): unknown[] {
  let current: unknown[] = [item];
  for (const segment of path) {
    const next: unknown[] = [];
    for (const value of current) {
      for (const element of Array.isArray(value) ? value : [value]) {
        if (element && typeof element === 'object') {
          const key = Object.keys(element).find((k) => k.toLowerCase() === segment.toLowerCase());
          next.push(key === undefined ? undefined : (element as Record<string, unknown>)[key]);
        } else {
          next.push(undefined);
        }
      }
    }
    current = next;
  }
  return current.flatMap((value) => (Array.isArray(value) ? value : [value]));
}

function likeToRegExp(pattern: string): RegExp {
  const body = pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.');
  return new RegExp(`^${body}$`, 'is');
}

function compare(actual: unknown, op: Operator, expected: Literal): boolean {
  if (expected === null) {
    const isNull = actual === null || actual === undefined;
    if (op === '=') return isNull;
    if (op === '!=') return !isNull;
    return false;
  }
  if (actual === null || actual === undefined) return op === '!=';
  if (op === 'like') return likeToRegExp(String(expected)).test(String(actual));
  if (op === 'contains') return String(actual).toLowerCase().includes(String(expected).toLowerCase());

  let left: string | number | boolean;
  let right: string | number | boolean;
  if (expected instanceof Date) {
    left = Date.parse(String(actual));
    right = expected.getTime();
  } else if (typeof expected === 'string') {
    left = String(actual).toLowerCase();
    right = expected.toLowerCase();
  } else {
    left = actual as number | boolean;
    right = expected;
  }
  switch (op) {
    case '=':
      return left === right;
    case '!=':
      return left !== right;
    case '<':
      return left < right;
    case '<=':
      return left <= right;
    case '>':
      return left > right;
    case '>=':
      return left >= right;
  }
}

export function matches(item: unknown, condition: Condition): boolean {
  switch (condition.kind) {
    case 'and':
      return matches(item, condition.left) && matches(item, condition.right);
    case 'or':
      return matches(item, condition.left) || matches(item, condition.right);
    case 'not':
      return !matches(item, condition.operand);
    case 'in':
      return valuesAt(item, condition.path).some((value) => condition.values.some((v) => compare(value, '=', v)));
    case 'compare': {
      const values = valuesAt(item, condition.path);
      // "!=" over an array means "no element equals", not "some element differs".
      if (condition.op === '!=') return !values.some((value) => compare(value, '=', condition.value));
      return values.some((value) => compare(value, condition.op, condition.value));
    }
  }
}
