// mandates: demo data (built in the next step).
import type { ModuleContext } from '../../platform/module.ts';

export async function seedDemoMandates(_ctx: ModuleContext): Promise<void> {}
