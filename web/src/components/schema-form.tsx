/**
 * A form generated from a strategy's parameter JSON Schema (`GET /api/v1/strategies`): one field
 * per property — a number input with the schema's bounds for numbers and integers, a checkbox for
 * booleans, a select for enums, a text input for the rest — labelled with the property's name and
 * described by its description. Values start at the schema's defaults; the server validates again.
 */
import type { JSX } from 'preact'

interface PropertySchema {
  readonly type?: string
  readonly enum?: readonly unknown[]
  readonly default?: unknown
  readonly description?: string
  readonly minimum?: number
  readonly maximum?: number
  readonly exclusiveMinimum?: number
  readonly exclusiveMaximum?: number
}

export type ParamValues = Readonly<Record<string, unknown>>

function propertiesOf(schema: Readonly<Record<string, unknown>>): [string, PropertySchema][] {
  const properties = schema.properties
  if (typeof properties !== 'object' || properties === null) return []
  return Object.entries(properties as Record<string, PropertySchema>)
}

/** The schema's defaults: the values a new form starts with. */
export function defaultsOf(schema: Readonly<Record<string, unknown>>): ParamValues {
  return Object.fromEntries(
    propertiesOf(schema)
      .filter(([, p]) => p.default !== undefined)
      .map(([name, p]) => [name, p.default]),
  )
}

const SAFE_MAX = Number.MAX_SAFE_INTEGER

export function SchemaForm(props: {
  readonly idPrefix: string
  readonly schema: Readonly<Record<string, unknown>>
  readonly values: ParamValues
  onChange(values: ParamValues): void
}): JSX.Element {
  const set = (name: string, value: unknown): void => {
    props.onChange({ ...props.values, [name]: value })
  }
  return (
    <div class="schema-form">
      {propertiesOf(props.schema).map(([name, property]) => {
        const id = `${props.idPrefix}-${name}`
        const hint = `${id}-hint`
        const value = props.values[name]
        const described = property.description === undefined ? {} : { 'aria-describedby': hint }
        let control: JSX.Element
        if (property.enum !== undefined) {
          control = (
            <select
              id={id}
              value={typeof value === 'string' || typeof value === 'number' ? String(value) : ''}
              onChange={(e) => {
                set(name, e.currentTarget.value)
              }}
              {...described}
            >
              {property.enum.map((option) => (
                <option key={String(option)} value={String(option)}>
                  {String(option)}
                </option>
              ))}
            </select>
          )
        } else if (property.type === 'boolean') {
          control = (
            <input
              id={id}
              type="checkbox"
              checked={value === true}
              onChange={(e) => {
                set(name, e.currentTarget.checked)
              }}
              {...described}
            />
          )
        } else if (property.type === 'number' || property.type === 'integer') {
          const min = property.minimum ?? property.exclusiveMinimum
          const max = property.maximum ?? property.exclusiveMaximum
          control = (
            <input
              id={id}
              type="number"
              inputMode="decimal"
              step={property.type === 'integer' ? 1 : 'any'}
              {...(min === undefined ? {} : { min })}
              {...(max === undefined || max >= SAFE_MAX ? {} : { max })}
              value={typeof value === 'number' ? value : ''}
              onInput={(e) => {
                const text = e.currentTarget.value
                set(name, text === '' ? undefined : Number(text))
              }}
              {...described}
            />
          )
        } else {
          control = (
            <input
              id={id}
              type="text"
              value={typeof value === 'string' ? value : JSON.stringify(value ?? '')}
              onInput={(e) => {
                set(name, e.currentTarget.value)
              }}
              {...described}
            />
          )
        }
        return (
          <div class={property.type === 'boolean' ? 'field check' : 'field'} key={name}>
            <label for={id}>{name}</label>
            {control}
            {property.description === undefined ? null : (
              <small id={hint} class="hint">
                {property.description}
              </small>
            )}
          </div>
        )
      })}
    </div>
  )
}
