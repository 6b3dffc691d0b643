/** The comparison's controller, created once per page and handed to its React hosts. */
import { createContext, useContext, useEffect, useMemo, useRef, type RefObject } from 'react';
import { useT } from '../../i18n';
import { appStore } from '../../state/appStore';
import { useStore } from '../../state/store';
import { comparedIds, TRAINER_IDS, type CompareId } from './compareSetup';
import type { CompareController } from './controller';
import type { Names } from './findings';

export const CompareContext = createContext<CompareController | null>(null);

export function useCompare(): CompareController | null {
  return useContext(CompareContext);
}

/** The trainers' names in the page's language (catalogue keys `cmpName_*`). */
export function useNames(): Names {
  const t = useT();
  return useMemo(
    () => Object.fromEntries(TRAINER_IDS.map((id) => [id, t(`cmpName_${id}`)])) as Names,
    [t],
  );
}

/** The trainers in use: the default four, plus OT with σ while its column is on. */
export function useComparedIds(): readonly CompareId[] {
  const on = useStore(appStore, (s) => s.settings.compareSigma);
  return useMemo(() => comparedIds(on), [on]);
}

/** A canvas ref handed to the comparison's views by `attach` while mounted. */
export function useCompareCanvas(
  attach: (ctl: CompareController, canvas: HTMLCanvasElement) => () => void,
  deps: readonly unknown[],
): RefObject<HTMLCanvasElement | null> {
  const ctl = useCompare();
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!ctl || !ref.current) return;
    return attach(ctl, ref.current);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the caller lists attach's inputs
  }, [ctl, ...deps]);
  return ref;
}
