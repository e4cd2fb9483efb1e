export default async function globalTeardown(): Promise<void> {
  const stops = (globalThis as { __lienThongStops?: (() => Promise<void>)[] }).__lienThongStops ?? [];
  for (const stop of stops) await stop();
}
