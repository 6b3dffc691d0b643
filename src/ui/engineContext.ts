/** The imperative engine (clock, views, training session) handed to the thin React hosts. */
import { createContext, useContext } from 'react';
import type { Engine } from './scene/engine';

export const EngineContext = createContext<Engine | null>(null);

export function useEngine(): Engine | null {
  return useContext(EngineContext);
}
