/**
 * A tiny vanilla store (the zustand `vanilla.ts` shape): state lives outside React, components
 * bind to slices with `useStore`, and imperative code (the animation loop, the worker glue)
 * reads and writes it without going through React at all.
 */
import { useCallback, useSyncExternalStore } from 'react';

export type Listener<T> = (state: T, previous: T) => void;

export interface StoreApi<T> {
  getState(): T;
  /** Shallow-merges a partial state (or the result of a function of the current state). */
  setState(patch: Partial<T> | ((state: T) => Partial<T>)): void;
  subscribe(listener: Listener<T>): () => void;
}

export function createStore<T extends object>(initial: T): StoreApi<T> {
  let state = initial;
  const listeners = new Set<Listener<T>>();
  return {
    getState: () => state,
    setState(patch) {
      const part = typeof patch === 'function' ? patch(state) : patch;
      const keys = Object.keys(part) as (keyof T)[];
      if (keys.every((k) => Object.is(part[k], state[k]))) return;
      const previous = state;
      state = { ...state, ...part };
      listeners.forEach((l) => l(state, previous));
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** Binds a component to `selector(state)`; re-renders only when that value changes (Object.is). */
export function useStore<T, U>(store: StoreApi<T>, selector: (state: T) => U): U {
  const subscribe = useCallback((cb: () => void) => store.subscribe(cb), [store]);
  const get = useCallback(() => selector(store.getState()), [store, selector]);
  return useSyncExternalStore(subscribe, get, get);
}
