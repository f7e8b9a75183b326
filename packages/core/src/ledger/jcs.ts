// RFC 8785 JSON Canonicalization Scheme: one byte string per JSON value, so a ledger entry's payload hash does
// not depend on key order or number spelling in whoever produced it.
//
// JCS is defined on I-JSON, so anything JSON.stringify would silently drop, coerce or call (undefined, functions,
// symbols, toJSON on Dates and class instances, NaN → null) is refused here instead: a value that does not
// round-trip through JSON must not get a hash that pretends it does.
import { isWellFormed, utf8 } from './bytes.ts';

export class CanonicalJsonError extends TypeError {
  readonly path: string;
  constructor(path: string, problem: string) {
    super(`canonical JSON: ${problem} at ${path}`);
    this.name = 'CanonicalJsonError';
    this.path = path;
  }
}

export function canonicalJson(value: unknown): string {
  return serialize(value, '$', new Set());
}

export function canonicalBytes(value: unknown): Uint8Array {
  return utf8(canonicalJson(value));
}

function serialize(value: unknown, path: string, ancestors: Set<object>): string {
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      // ECMAScript Number::toString is exactly the serialization RFC 8785 §3.2.2.3 specifies (-0 becomes "0").
      if (!Number.isFinite(value)) throw new CanonicalJsonError(path, `${value} is not a JSON number`);
      return JSON.stringify(value);
    case 'string':
      if (!isWellFormed(value)) throw new CanonicalJsonError(path, 'a string with a lone surrogate has no UTF-8 form');
      // JSON.stringify's escaping (only ", \ and controls; \b \t \n \f \r short forms; lowercase \u00xx) is RFC 8785's.
      return JSON.stringify(value);
    case 'object':
      return value === null ? 'null' : serializeContainer(value, path, ancestors);
    default:
      // undefined, bigint, function, symbol: no JSON meaning to canonicalize.
      throw new CanonicalJsonError(path, `a ${typeof value} is not JSON`);
  }
}

function serializeContainer(value: object, path: string, ancestors: Set<object>): string {
  if (ancestors.has(value)) throw new CanonicalJsonError(path, 'a cycle is not JSON');
  ancestors.add(value);
  try {
    if (Array.isArray(value)) {
      const items: string[] = [];
      // Index loop, not map(): map skips holes, which must be refused like undefined.
      for (let i = 0; i < value.length; i++) items.push(serialize(value[i], `${path}[${i}]`, ancestors));
      return `[${items.join(',')}]`;
    }
    const prototype: unknown = Object.getPrototypeOf(value);
    if (prototype !== Object.prototype && prototype !== null) {
      throw new CanonicalJsonError(path, 'only plain objects are JSON (convert Dates, Maps and class instances first)');
    }
    const record = value as Record<string, unknown>;
    // Default sort compares UTF-16 code units, which is the order RFC 8785 §3.2.3 prescribes.
    const members = Object.keys(record)
      .sort()
      .map((key) => {
        if (!isWellFormed(key)) throw new CanonicalJsonError(path, 'a key with a lone surrogate has no UTF-8 form');
        return `${JSON.stringify(key)}:${serialize(record[key], `${path}.${key}`, ancestors)}`;
      });
    return `{${members.join(',')}}`;
  } finally {
    ancestors.delete(value);
  }
}
