/**
 * The app's shell: header, page navigation and the layout the settings' mode picks
 * (layouts.tsx). The engines (the playground's clock, views and trainer; the comparison's
 * controller) live for as long as this component and are handed down by context.
 */
import { useEffect, useState } from 'react';
import { useLanguage, useT } from '../i18n';
import { applyLink, appStore, syncUrl, updateSettings } from '../state/appStore';
import { compareStore } from '../state/compareStore';
import type { LayoutMode } from '../state/settings';
import { useStore } from '../state/store';
import { CompareContext } from './compare/context';
import { CompareController } from './compare/controller';
import { EngineContext } from './engineContext';
import { Header } from './Header';
import { pickLayout } from './layouts';
import { Engine } from './scene/engine';

/** Space toggles play unless the focus is in a control that uses Space itself. */
function onSpace(e: KeyboardEvent): void {
  if (e.code !== 'Space' || e.repeat || e.ctrlKey || e.metaKey || e.altKey) return;
  const el = e.target as HTMLElement | null;
  const tag = el?.tagName;
  const typing =
    tag === 'TEXTAREA' ||
    tag === 'SELECT' ||
    tag === 'BUTTON' ||
    (tag === 'INPUT' && (el as HTMLInputElement).type !== 'range') ||
    el?.isContentEditable;
  if (typing) return;
  e.preventDefault();
  if (pickLayout(appStore.getState().settings).engine === 'compare') {
    compareStore.setState((s) => ({ playing: !s.playing }));
  } else {
    appStore.setState((s) => ({ playing: !s.playing }));
  }
}

const PAGES: { view: LayoutMode; key: 'navPlayground' | 'navCompare' }[] = [
  { view: 'playground', key: 'navPlayground' },
  { view: 'compare', key: 'navCompare' },
];

/** Playground or scheduler comparison; both keep their state while the other is shown. */
function PageNav({ view }: { view: LayoutMode }) {
  const t = useT();
  return (
    <nav className="page-nav" aria-label={t('pagesLabel')}>
      {PAGES.map((p) => (
        <button
          key={p.view}
          type="button"
          aria-current={view === p.view ? 'page' : undefined}
          onClick={() => updateSettings({ layout: p.view })}
          data-testid={`nav-${p.view}`}
        >
          {t(p.key)}
        </button>
      ))}
    </nav>
  );
}

export function App() {
  const [engine, setEngine] = useState<Engine | null>(null);
  const [compare, setCompare] = useState<CompareController | null>(null);
  const language = useLanguage();
  const view = useStore(appStore, (s) => s.settings.layout);
  const layout = useStore(appStore, (s) => pickLayout(s.settings));
  useEffect(() => {
    const e = new Engine();
    const c = new CompareController(e.link);
    setEngine(e);
    setCompare(c);
    const stopSync = syncUrl();
    const onHash = () => {
      applyLink(location.hash);
      void e.openLink(location.hash);
    };
    window.addEventListener('keydown', onSpace);
    window.addEventListener('hashchange', onHash);
    return () => {
      window.removeEventListener('keydown', onSpace);
      window.removeEventListener('hashchange', onHash);
      stopSync();
      c.dispose();
      e.dispose();
    };
  }, []);
  useEffect(() => {
    compare?.setActive(layout.engine === 'compare');
  }, [compare, layout]);
  useEffect(() => {
    document.documentElement.lang = language === 'zh' ? 'zh-CN' : 'en';
  }, [language]);
  return (
    <EngineContext.Provider value={engine}>
      <CompareContext.Provider value={compare}>
        <div className="app">
          {!layout.bare && <Header />}
          {!layout.bare && <PageNav view={view} />}
          <layout.Component />
        </div>
      </CompareContext.Provider>
    </EngineContext.Provider>
  );
}
