import { MENU_CODE, SHARED } from './lazy-parts';
import { unpack } from './packed';

type MenuModule = typeof import('./menu-index');

let loaded: MenuModule | undefined;

/**
 * The menu, onOpen and trigger functions, decoded and evaluated on first use in an execution (a formula
 * never gets here, so it never parses them). The bundle is a function body that returns its exports and
 * reads what it shares with this bundle (the very same functions, classes and catalog) through its
 * `__JOA_SHARED(module, name)` parameter.
 */
export function menu(): MenuModule {
  if (!loaded) {
    const source = unpack(MENU_CODE);
    const shared = (module: number, name: string) => (SHARED[module] as Record<string, unknown>)[name];
    loaded = new Function('__JOA_SHARED', source)(shared) as MenuModule;
  }
  return loaded;
}
