import { openStore } from '../../src/store/open-store.ts';
import { runStoreContract } from './store.contract.ts';

runStoreContract('memory', () => openStore({ kind: 'memory' }));
