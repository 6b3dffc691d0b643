/**
 * The app's shell: header, page navigation and the layout the settings' mode picks
 * (layouts.tsx). The engines (the playground's clock, views and trainer; the comparison's
 * controller) live for as long as this component and are handed down by context.
 */
import { useEffect, useState } from 'react';
import { useLanguage, useT } from '../i18n';
import { applyLink, appStore, syncUrl, updateSettings } from '../state/appStore';
import type { LayoutMode } from '../state/settings';
import { useStore } from '../state/store';
import { CompareContext } from './compare/context';
import { CompareController } from './compare/controller';
import { EngineContext } from './engineContext';
import { Header } from './Header';
import { pickLayout } from './layouts';
import { installKeys } from './presenter/keys';
import { followFullscreen, presenterStore } from './presenter/presenter';
import { Engine } from './scene/engine';

const PAGES: { view: LayoutMode; key: 'navPlayground' | 'navCompare' | 'navLessons' }[] = [
  { view: 'playground', key: 'navPlayground' },
  { view: 'compare', key: 'navCompare' },
  { view: 'lesson', key: 'navLessons' },
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
  const presenting = useStore(presenterStore, (s) => s.presenting);
  const Layout = (presenting && layout.Presenter) || layout.Component;
  useEffect(() => {
    const e = new Engine();
    const c = new CompareController(e.link);
    setEngine(e);
    setCompare(c);
    const stopSync = syncUrl();
    // The event's own URL: the link's debounced rewrite (syncUrl) may already have replaced
    // location.hash by the time a loaded page runs this, and the new link would be lost.
    const onHash = (ev: HashChangeEvent) => {
      const hash = new URL(ev.newURL).hash;
      applyLink(hash);
      void e.openLink(hash);
    };
    const stopKeys = installKeys(e, c);
    const stopFullscreen = followFullscreen();
    window.addEventListener('hashchange', onHash);
    return () => {
      stopKeys();
      stopFullscreen();
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
          <Layout />
        </div>
      </CompareContext.Provider>
    </EngineContext.Provider>
  );
}
