import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { Router } from 'express';
import { PROJECT_ROOT } from '../platform/project-root';
import { Problem, sendProblem } from './problem';

// The console (console/src, built by `npm run build:console` into console/dist): a single-page app
// served at /console/. Hashed assets are cached for a year (their name changes with their content);
// index.html, the answer to every client route, is never cached, so a new build is seen at once.

export const DEFAULT_CONSOLE_DIST = path.join(PROJECT_ROOT, 'console', 'dist');

/**
 * Stricter than the API's default: scripts, styles, images and calls from this origin only, no
 * inline script or style, no framing, no plugin, forms posting to this origin only.
 */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const YEAR_SECONDS = 365 * 24 * 3600;

export function consoleRouter(distDir = DEFAULT_CONSOLE_DIST): Router {
  const router = Router();
  const index = path.join(distDir, 'index.html');
  router.use('/console', (req, res, next) => {
    // Pages and assets are only read: another method is 405 with Allow, as on the API's paths.
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      const p = new Problem(405, 'Method not allowed', 'The console’s pages answer GET, HEAD.');
      p.headers.Allow = 'GET, HEAD';
      sendProblem(res, p);
      return;
    }
    res.set('Content-Security-Policy', CONSOLE_CSP);
    next();
  });
  // Express matches `/console` and `/console/` alike: only the bare one is sent to the other.
  router.get('/console', (req, res, next) => (req.path === '/console' ? res.redirect(301, '/console/') : next()));
  router.use(
    '/console/assets',
    express.static(path.join(distDir, 'assets'), {
      index: false,
      immutable: true,
      maxAge: YEAR_SECONDS * 1000,
    }),
  );
  router.use('/console/assets', (req, res) => sendProblem(res, new Problem(404, 'Not found', `No console asset ${req.path}.`)));
  // Client routes (/console/cases/…) all answer index.html; the app reads the path.
  router.get(/^\/console\/(?!assets\/).*/, (_req, res) => {
    if (!existsSync(index)) {
      sendProblem(res, new Problem(503, 'Console not built', 'The console has not been built: run `npm run build:console` (npm start and npm run build do it).'));
      return;
    }
    res.set('Cache-Control', 'no-store');
    res.sendFile(index);
  });
  return router;
}
