import { DEFAULT_MAX_CACHED_WORKFLOWS, loadConfig } from '../../platform/config';

describe('the worker’s workflow cache in the configuration', () => {
  test('When WORKER_MAX_CACHED_WORKFLOWS is not set, then the worker keeps 100 open cases in memory, not the SDK’s heap-sized default', () => {
    expect(DEFAULT_MAX_CACHED_WORKFLOWS).toBe(100);
    expect(loadConfig({}).WORKER_MAX_CACHED_WORKFLOWS).toBe(100);
  });

  test('When WORKER_MAX_CACHED_WORKFLOWS is a whole number of 2 or more, then it is used', () => {
    expect(loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: '500' }).WORKER_MAX_CACHED_WORKFLOWS).toBe(500);
  });

  test.each(['1', '0', 'many', '2.5'])('When WORKER_MAX_CACHED_WORKFLOWS is %p, then start-up fails naming the variable', (value) => {
    expect(() => loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: value })).toThrow(/WORKER_MAX_CACHED_WORKFLOWS/);
  });
});
