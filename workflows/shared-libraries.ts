// Libraries the worker loads once into its reusable workflow context (worker/bundle.ts,
// preloadModules) instead of once per case: zod's own modules are large and hold no state of a case.
// The shared copy is frozen by the SDK, so what zod sets lazily on first use (its default locale,
// its memoizer) is set here, before that, by using it once.
import { z } from 'zod';

const warmUp = z.strictObject({ a: z.string().min(1), b: z.array(z.number()).optional() });
warmUp.safeParse({ a: 'x', b: [1] });
warmUp.safeParse({ a: 1, c: true });

export const sharedZod = z;
