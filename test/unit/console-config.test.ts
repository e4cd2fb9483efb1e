import { loadConfig, temporalUiUrlOf } from '../../platform/config';

describe('TEMPORAL_UI_URL: where the console links a case’s workflow', () => {
  test('When it is not set, then the dev server’s Web UI on TEMPORAL_UI_PORT is used', () => {
    expect(temporalUiUrlOf(loadConfig({}))).toBe('http://127.0.0.1:8233');
    expect(temporalUiUrlOf(loadConfig({ TEMPORAL_UI_PORT: '9233' }))).toBe('http://127.0.0.1:9233');
  });

  test('When it is set, then it is used without its trailing slash; a value that is not a URL stops the start', () => {
    expect(temporalUiUrlOf(loadConfig({ TEMPORAL_UI_URL: 'https://temporal.example.gov.vn/' }))).toBe('https://temporal.example.gov.vn');
    expect(() => loadConfig({ TEMPORAL_UI_URL: 'temporal-ui' })).toThrow(/TEMPORAL_UI_URL/);
  });
});
