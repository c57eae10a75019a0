// STUB: being written (see /tmp/democracy-api.md).
import type { ModuleContext } from '../../platform/module.ts';

export async function seedDemoDemocracy(_ctx: ModuleContext): Promise<void> {}
