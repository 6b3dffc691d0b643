import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { NULL_LABEL } from '../../flow/guidance';
import { makeScheduler } from '../../flow/schedulers';
import { CLASS_COLORS, NULL_CLASS_COLOR } from '../../render/palette';
import { labelColor } from '../../render/slowmo';
import { ClassLabels } from './ClassLabels';
import { numbersOf, pictureOf, SHOWN_PAIRS, SLOWMO_STAGES } from './stages';
import { fakeStepTrace } from './testing';

/** 100 rows, labels cycling 0, 1, 2, ∅ (25 of each), K = 3. */
const labels = Uint8Array.from({ length: 100 }, (_, i) => [0, 1, 2, NULL_LABEL][i % 4]!);
const conditional = () => fakeStepTrace({ n: 100, step: 3, offset: 0.1, labels, classes: 3 });

describe('a conditional step in slow motion', () => {
  it('counts the rows per class and ∅ over the whole batch; the picture keeps the shown rows’ labels', () => {
    const n = numbersOf(conditional());
    expect(n.labels).toEqual({ classes: 3, counts: [25, 25, 25], dropped: 25, first: 0 });
    const p = pictureOf(conditional(), makeScheduler('ot'));
    expect(Array.from(p.labels!)).toEqual(Array.from(labels.subarray(0, SHOWN_PAIRS)));
    expect(numbersOf(fakeStepTrace({ n: 4, step: 1, offset: 0 })).labels).toBeUndefined();
    expect(
      pictureOf(fakeStepTrace({ n: 4, step: 1, offset: 0 }), makeScheduler('ot')).labels,
    ).toBeUndefined();
  });

  it('colours classes apart and ∅ grey; shows row 1’s one-hot input at the network stage', () => {
    const hues = Array.from({ length: CLASS_COLORS.length }, (_, c) => labelColor(c));
    expect(new Set([...hues, labelColor(NULL_LABEL)]).size).toBe(CLASS_COLORS.length + 1);
    expect(labelColor(NULL_LABEL)).toBe(NULL_CLASS_COLOR);
    const numbers = numbersOf(conditional());
    const at = (stage: number) =>
      renderToStaticMarkup(createElement(ClassLabels, { numbers, stage }));
    expect(at(0)).toContain('class 2 (25)');
    expect(at(0)).toContain('∅ (label dropped) (25)');
    expect(at(0)).not.toContain('one-hot =');
    const network = at(SLOWMO_STAGES.indexOf('network'));
    expect(network).toContain('c = 0, one-hot = (1, 0, 0)');
    expect(network).toContain('25 of 100 were dropped to ∅');
    const dropped = { ...numbers, labels: { ...numbers.labels!, first: NULL_LABEL } };
    const html = renderToStaticMarkup(createElement(ClassLabels, { numbers: dropped, stage: 5 }));
    expect(html).toContain('c = ∅, one-hot = (0, 0, 0)');
    const plain = numbersOf(fakeStepTrace({ n: 4, step: 1, offset: 0 }));
    expect(renderToStaticMarkup(createElement(ClassLabels, { numbers: plain, stage: 5 }))).toBe('');
  });
});
