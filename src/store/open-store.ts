import { Keyv, KeyvBridgeAdapter } from 'keyv';
import type { ApprovalStore } from '../approvals/ports.ts';
import type { StoreConfig } from '../config.ts';
import { KeyvApprovalStore } from './keyv-store.ts';
import { SqliteKvStore } from './sqlite-kv.ts';

const NAMESPACE = 'kubegate';

/** Opens the approval store that STORE_URL names. */
export function openStore(config: StoreConfig): ApprovalStore {
  return new KeyvApprovalStore(openKeyv(config, NAMESPACE));
}

/** A keyv on the same backend for kubegate's other records (Slack message references), in its own namespace. */
export function openKeyv(config: StoreConfig, namespace: string): Keyv {
  switch (config.kind) {
    case 'memory':
      return new Keyv({ namespace });
    case 'sqlite':
      return new Keyv({ store: new KeyvBridgeAdapter(new SqliteKvStore(config.path)), namespace });
  }
}
