import { openStore } from '../../src/store/open-store.ts';
import { runStoreContract } from './store.contract.ts';

runStoreContract('memory', () => Promise.resolve(openStore({ kind: 'memory' })));
