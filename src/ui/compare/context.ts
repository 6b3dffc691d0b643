/** The comparison's controller, created once per page and handed to its React hosts. */
import { createContext, useContext, useEffect, useRef, type RefObject } from 'react';
import type { CompareController } from './controller';

export const CompareContext = createContext<CompareController | null>(null);

export function useCompare(): CompareController | null {
  return useContext(CompareContext);
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
