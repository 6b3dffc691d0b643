/**
 * A labelled choice of classes as radio buttons, each with its colour swatch (Okabe–Ito,
 * render/palette.ts CLASS_COLORS) and its name, so the choice never rests on colour alone.
 * Native radios: arrow keys move the choice, Tab leaves the group.
 */
import { useId } from 'react';
import { CLASS_COLORS, NULL_CLASS_COLOR } from '../../render/palette';
import './classes.css';

export interface ClassOption<V> {
  value: V;
  label: string;
  /** A class index (its colour), 'none' (∅, grey) or 'mix' (every class's colour). */
  swatch: number | 'none' | 'mix';
}

/** The swatch of one option: a square of the class colour, grey for ∅, stripes for a mix. */
export function Swatch({
  swatch,
  classes = 2,
}: {
  swatch: ClassOption<unknown>['swatch'];
  classes?: number;
}) {
  const background =
    swatch === 'mix'
      ? `linear-gradient(90deg, ${CLASS_COLORS.slice(0, Math.max(2, classes))
          .map((c, i, all) => `${c} ${(i / all.length) * 100}% ${((i + 1) / all.length) * 100}%`)
          .join(', ')})`
      : swatch === 'none'
        ? NULL_CLASS_COLOR
        : CLASS_COLORS[swatch];
  return <span className="class-swatch" style={{ background }} aria-hidden="true" />;
}

export function ClassPicker<V extends string | number>(props: {
  legend: string;
  options: readonly ClassOption<V>[];
  value: V;
  onChange: (v: V) => void;
  classes?: number;
  testId: string;
}) {
  const name = useId();
  return (
    <fieldset className="class-picker" data-testid={props.testId}>
      <legend>{props.legend}</legend>
      {props.options.map((o) => (
        <label key={String(o.value)} className="class-option">
          <input
            type="radio"
            name={name}
            checked={o.value === props.value}
            onChange={() => props.onChange(o.value)}
            data-testid={`${props.testId}-${String(o.value)}`}
          />
          <Swatch swatch={o.swatch} classes={props.classes} />
          <span>{o.label}</span>
        </label>
      ))}
    </fieldset>
  );
}
