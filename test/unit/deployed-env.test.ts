import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DEPLOYED_ENV } from '../../scripts/bench/engine-processes';

// The benchmark runs the engine's processes with DEPLOYED_ENV because the image runs them so: if the
// two drift apart, the benchmark measures something that is not deployed.
describe('the environment the benchmark gives the engine', () => {
  test('When the Dockerfile sets ENV lines, then the benchmark’s engine processes get exactly the same runtime settings', () => {
    const dockerfile = readFileSync(path.join(__dirname, '../../Dockerfile'), 'utf8');
    const image = Object.fromEntries(
      [...dockerfile.matchAll(/^ENV ([A-Z_]+)=(\S+)$/gm)].map(([, name, value]) => [name, value]).filter(([name]) => name !== 'NODE_ENV'),
    );
    expect(image).toEqual(DEPLOYED_ENV);
  });
});
