import { Keyv, KeyvBridgeAdapter } from 'keyv';
import type { ApprovalStore } from '../approvals/ports.ts';
import type { StoreConfig } from '../config.ts';
import { KeyvApprovalStore } from './keyv-store.ts';
import { SqliteKvStore } from './sqlite-kv.ts';

const NAMESPACE = 'kubegate';

/** Opens the approval store that STORE_URL names. */
export function openStore(config: StoreConfig): ApprovalStore {
  switch (config.kind) {
    case 'memory':
      return new KeyvApprovalStore(new Keyv({ namespace: NAMESPACE }));
    case 'sqlite':
      return new KeyvApprovalStore(
        new Keyv({ store: new KeyvBridgeAdapter(new SqliteKvStore(config.path)), namespace: NAMESPACE }),
      );
  }
}
