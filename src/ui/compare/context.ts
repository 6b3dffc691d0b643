/** The comparison's controller, created once per page and handed to its React hosts. */
import { createContext, useContext } from 'react';
import type { CompareController } from './controller';

export const CompareContext = createContext<CompareController | null>(null);

export function useCompare(): CompareController | null {
  return useContext(CompareContext);
}
