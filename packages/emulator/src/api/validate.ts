import { invalidField } from './errors.js'

type Json = Record<string, unknown>

/** Options for {@link Input.str}. */
export interface StrOptions {
  required?: boolean
  /** Maximum length in characters. */
  max?: number
  /** Allowed shape, with a human description for the error message. */
  pattern?: [RegExp, string]
}

/**
 * Typed reader over one JSON object of a request body. Every accessor checks the type of
 * the field it reads and throws a 400 naming the field (with its path, e.g.
 * `membership.roles[0].name`) so a wrong type never reaches the database. Absent and
 * `null` fields read as `undefined` (proto3 JSON treats `null` as unset).
 */
export class Input {
  constructor(
    readonly value: Json,
    private readonly path = '',
  ) {}

  /** Full field name used in error messages. */
  field(name: string): string {
    return this.path ? `${this.path}.${name}` : name
  }

  /** True when the field is present and not null. */
  has(name: string): boolean {
    return this.value[name] !== undefined && this.value[name] !== null
  }

  /** The raw value, unchecked. */
  raw(name: string): unknown {
    return this.value[name] ?? undefined
  }

  str(name: string, opts: StrOptions & { required: true }): string
  str(name: string, opts?: StrOptions): string | undefined
  str(name: string, opts: StrOptions = {}): string | undefined {
    const v = this.value[name]
    const field = this.field(name)
    if (v === undefined || v === null || (opts.required && v === '')) {
      if (opts.required) throw invalidField(field, 'is required')
      return undefined
    }
    if (typeof v !== 'string') throw invalidField(field, 'must be a string')
    if (opts.max !== undefined && v.length > opts.max) {
      throw invalidField(field, `must be at most ${opts.max} characters`)
    }
    if (opts.pattern && v !== '' && !opts.pattern[0].test(v))
      throw invalidField(field, opts.pattern[1])
    return v
  }

  bool(name: string): boolean | undefined {
    const v = this.value[name]
    if (v === undefined || v === null) return undefined
    if (typeof v !== 'boolean') throw invalidField(this.field(name), 'must be a boolean')
    return v
  }

  /** Integer field; int64 values may arrive as decimal strings (proto3 JSON). */
  int(name: string, opts: { min?: number; max?: number } = {}): number | undefined {
    let v = this.value[name]
    if (v === undefined || v === null) return undefined
    if (typeof v === 'string' && /^-?\d+$/.test(v)) v = Number(v)
    if (typeof v !== 'number' || !Number.isSafeInteger(v)) {
      throw invalidField(this.field(name), 'must be an integer')
    }
    if (opts.min !== undefined && v < opts.min)
      throw invalidField(this.field(name), `must be >= ${opts.min}`)
    if (opts.max !== undefined && v > opts.max)
      throw invalidField(this.field(name), `must be <= ${opts.max}`)
    return v
  }

  strList(name: string): string[] | undefined {
    const v = this.value[name]
    if (v === undefined || v === null) return undefined
    if (!Array.isArray(v)) throw invalidField(this.field(name), 'must be an array of strings')
    v.forEach((item, i) => {
      if (typeof item !== 'string')
        throw invalidField(`${this.field(name)}[${i}]`, 'must be a string')
    })
    return v as string[]
  }

  /** `map<string,string>` field. */
  strMap(name: string): Record<string, string> | undefined {
    const v = this.value[name]
    if (v === undefined || v === null) return undefined
    if (typeof v !== 'object' || Array.isArray(v))
      throw invalidField(this.field(name), 'must be an object of strings')
    for (const [k, item] of Object.entries(v)) {
      if (typeof item !== 'string')
        throw invalidField(`${this.field(name)}.${k}`, 'must be a string')
    }
    return v as Record<string, string>
  }

  /** Enum field given by name; numeric enum values are accepted too when `values` is in proto order. */
  enumOf(
    name: string,
    values: readonly string[],
    opts: { required?: boolean } = {},
  ): string | undefined {
    const v = this.value[name]
    if (v === undefined || v === null || v === '') {
      if (opts.required) throw invalidField(this.field(name), 'is required')
      return undefined
    }
    if (typeof v === 'number' && Number.isInteger(v) && values[v] !== undefined) return values[v]
    if (typeof v !== 'string' || !values.includes(v)) {
      throw invalidField(this.field(name), `must be one of ${values.join(', ')}`)
    }
    return v
  }

  /** Free JSON object (Struct) field. */
  object(name: string): Json | undefined {
    const v = this.value[name]
    if (v === undefined || v === null) return undefined
    if (typeof v !== 'object' || Array.isArray(v))
      throw invalidField(this.field(name), 'must be an object')
    return v as Json
  }

  /** Nested message field as another reader. */
  nested(name: string): Input | undefined {
    const obj = this.object(name)
    return obj ? new Input(obj, this.field(name)) : undefined
  }

  /** Repeated message field, one reader per element. */
  list(name: string): Input[] | undefined {
    const v = this.value[name]
    if (v === undefined || v === null) return undefined
    if (!Array.isArray(v)) throw invalidField(this.field(name), 'must be an array')
    return v.map((item, i) => {
      const field = `${this.field(name)}[${i}]`
      if (item === null || typeof item !== 'object' || Array.isArray(item))
        throw invalidField(field, 'must be an object')
      return new Input(item as Json, field)
    })
  }
}

/** Reader for query parameters, with the same 400-naming-the-field behaviour. */
export class QueryInput {
  constructor(private readonly query: URLSearchParams) {}

  str(name: string, opts: { required?: boolean } = {}): string | undefined {
    const v = this.query.get(name)
    if (v === null || v === '') {
      if (opts.required) throw invalidField(name, 'is required')
      return undefined
    }
    return v
  }

  all(name: string): string[] {
    return this.query
      .getAll(name)
      .flatMap((v) => v.split(','))
      .filter((v) => v !== '')
  }

  bool(name: string): boolean | undefined {
    const v = this.query.get(name)
    if (v === null || v === '') return undefined
    if (v === 'true' || v === '1') return true
    if (v === 'false' || v === '0') return false
    throw invalidField(name, 'must be true or false')
  }

  int(name: string, opts: { min?: number; max?: number } = {}): number | undefined {
    const v = this.query.get(name)
    if (v === null || v === '') return undefined
    if (!/^-?\d+$/.test(v)) throw invalidField(name, 'must be an integer')
    const n = Number(v)
    if (opts.min !== undefined && n < opts.min) throw invalidField(name, `must be >= ${opts.min}`)
    if (opts.max !== undefined && n > opts.max) throw invalidField(name, `must be <= ${opts.max}`)
    return n
  }

  /** RFC 3339 timestamp parameter, as epoch ms. */
  time(name: string): number | undefined {
    const v = this.query.get(name)
    if (v === null || v === '') return undefined
    const ms = Date.parse(v)
    if (!Number.isFinite(ms)) throw invalidField(name, 'must be an RFC 3339 timestamp')
    return ms
  }

  enumOf(name: string, values: readonly string[]): string | undefined {
    const v = this.query.get(name)
    if (v === null || v === '') return undefined
    if (/^\d+$/.test(v) && values[Number(v)] !== undefined) return values[Number(v)]
    if (!values.includes(v)) throw invalidField(name, `must be one of ${values.join(', ')}`)
    return v
  }
}

/** A reader over the request body. */
export function input(body: Json): Input {
  return new Input(body)
}
