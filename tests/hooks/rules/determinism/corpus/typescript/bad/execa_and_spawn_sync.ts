// expect: DET302@5 DET302@6
import * as cp from 'child_process';

export function fetchRepo(dir: string): void {
  cp.spawnSync('git', ['clone', 'https://github.com/example/repo', dir]);
  cp.execSync('pip install requests==2.31.0');
}
