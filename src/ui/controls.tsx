/**
 * Labelled form controls bound to one Settings field each. A refused value shows the store's
 * message under the control and the field keeps its last valid value.
 */
import {
  useEffect,
  useId,
  useRef,
  useState,
  type InputHTMLAttributes,
  type ReactNode,
} from 'react';
import { appStore, updateSettings } from '../state/appStore';
import { FIELDS, type FieldSpec, type Settings } from '../state/settings';
import { useStore } from '../state/store';

type KeysOf<V> = { [K in keyof Settings]: Settings[K] extends V ? K : never }[keyof Settings];

function useField<K extends keyof Settings>(key: K): [Settings[K], string | undefined] {
  const value = useStore(appStore, (s) => s.settings[key]);
  const error = useStore(appStore, (s) => s.errors[key]);
  return [value, error];
}

function FieldError({ id, error }: { id: string; error?: string }) {
  return error ? (
    <span id={id} className="field-error" role="alert">
      {error}
    </span>
  ) : null;
}

export function SelectField<K extends KeysOf<string>>(props: {
  field: K;
  label: string;
  options: readonly { value: Settings[K]; label: string }[];
}) {
  const id = useId();
  const [value, error] = useField(props.field);
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <select
        id={id}
        value={value as string}
        aria-describedby={error ? `${id}-err` : undefined}
        onChange={(e) => updateSettings({ [props.field]: e.target.value } as Partial<Settings>)}
      >
        {props.options.map((o) => (
          <option key={o.value as string} value={o.value as string}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldError id={`${id}-err`} error={error} />
    </div>
  );
}

type DraftProps = Omit<
  InputHTMLAttributes<HTMLInputElement>,
  'value' | 'onChange' | 'onBlur' | 'onKeyDown'
> & {
  value: number;
  /** Applies the typed number (NaN when not a number); false when it was refused. */
  commit: (n: number) => boolean | Promise<boolean>;
};

/**
 * A number input that keeps what is typed as a draft and applies it on Enter or blur; a
 * refused value puts the last valid one back (the message is shown by the caller).
 */
export function DraftNumberInput({ value, commit, ...rest }: DraftProps) {
  const [text, setText] = useState(String(value));
  const latest = useRef(value);
  latest.current = value;
  useEffect(() => setText(String(value)), [value]);
  const apply = () => {
    if (text === String(latest.current)) return;
    const n = text.trim() === '' ? NaN : Number(text);
    void Promise.resolve(commit(n)).then((ok) => {
      if (!ok) setText(String(latest.current));
    });
  };
  return (
    <input
      {...rest}
      value={text}
      onChange={(e) => setText(e.target.value)}
      onBlur={apply}
      onKeyDown={(e) => e.key === 'Enter' && apply()}
    />
  );
}

/** A number typed in and applied on Enter or blur; invalid input is refused with a message. */
export function NumberField<K extends KeysOf<number>>(props: {
  field: K;
  label: string;
  step?: number;
  min?: number;
  max?: number;
  hint?: ReactNode;
}) {
  const id = useId();
  const [value, error] = useField(props.field);
  const range = (FIELDS[props.field] as FieldSpec<number>).range;
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <DraftNumberInput
        id={id}
        type="number"
        inputMode="decimal"
        value={value}
        commit={(n) => !updateSettings({ [props.field]: n } as Partial<Settings>)[props.field]}
        step={props.step ?? 'any'}
        min={props.min ?? range?.[0]}
        max={props.max ?? range?.[1]}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-err` : undefined}
      />
      <FieldError id={`${id}-err`} error={error} />
    </div>
  );
}

/** A range slider applied as it moves, with its value shown. */
export function SliderField<K extends KeysOf<number>>(props: {
  field: K;
  label: string;
  min: number;
  max: number;
  step: number;
  format?: (v: number) => string;
}) {
  const id = useId();
  const [value] = useField(props.field);
  const shown = props.format ? props.format(value as number) : String(value);
  return (
    <div className="field slider">
      <label htmlFor={id}>
        {props.label} <output htmlFor={id}>{shown}</output>
      </label>
      <input
        id={id}
        type="range"
        min={props.min}
        max={props.max}
        step={props.step}
        value={value as number}
        aria-valuetext={shown}
        onChange={(e) =>
          updateSettings({ [props.field]: Number(e.target.value) } as Partial<Settings>)
        }
      />
    </div>
  );
}

/** An on/off switch (a checkbox) for one boolean. */
export function Check(props: {
  label: string;
  checked: boolean;
  onChange: (v: boolean) => void;
  testId?: string;
}) {
  const id = useId();
  return (
    <div className="check">
      <input
        id={id}
        data-testid={props.testId}
        type="checkbox"
        checked={props.checked}
        onChange={(e) => props.onChange(e.target.checked)}
      />
      <label htmlFor={id}>{props.label}</label>
    </div>
  );
}
