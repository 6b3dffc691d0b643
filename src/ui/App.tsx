/** Placeholder shell; the playground UI replaces it. */
export function App() {
  return (
    <main>
      <h1>Flow Matching Playground</h1>
    </main>
  );
}
