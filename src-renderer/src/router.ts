import { createRouter, createWebHashHistory, type RouteRecordRaw } from 'vue-router'
import DatasetsView from './views/DatasetsView.vue'

declare module 'vue-router' {
  interface RouteMeta {
    /** an area of the app: shown in the navigation, in this order (Ctrl/Cmd+1… follow it) */
    title?: string
    icon?: string
    hint?: string
  }
}

// Hash history: the built app is loaded from a file:// URL, where path routing cannot work.
export const routes: RouteRecordRaw[] = [
  { path: '/', redirect: '/datasets' },
  {
    path: '/datasets',
    name: 'datasets',
    component: DatasetsView,
    meta: { title: 'Datasets', icon: '▤', hint: 'Open exports, inspect and clean them' },
  },
  {
    path: '/training',
    name: 'training',
    component: () => import('./views/TrainingView.vue'),
    meta: { title: 'Training', icon: '◔', hint: 'Train LSTM forecasters' },
  },
  {
    path: '/models',
    name: 'models',
    component: () => import('./views/ModelsView.vue'),
    meta: { title: 'Models', icon: '◆', hint: 'Saved models, comparison and forecasts' },
  },
  {
    path: '/communities',
    name: 'communities',
    component: () => import('./views/CommunitiesView.vue'),
    meta: { title: 'Communities', icon: '⌂', hint: 'Households that share energy, as one' },
  },
  {
    // one saved model's page: verdict, loss curves, hyper-parameters, data lineage (no area of its own:
    // it belongs to Models, so it has no title)
    path: '/models/:modelId(\\d+)',
    name: 'model',
    component: () => import('./views/ModelPage.vue'),
  },
]

export const router = createRouter({ history: createWebHashHistory(), routes })

/** The areas in navigation order: every route with a title (a new area only needs its route). */
export function areas(): { path: string; title: string; icon: string; hint: string }[] {
  return router
    .getRoutes()
    .filter((route) => route.meta.title)
    .sort((a, b) => routes.findIndex((r) => r.path === a.path) - routes.findIndex((r) => r.path === b.path))
    .map((route) => ({
      path: route.path,
      title: route.meta.title!,
      icon: route.meta.icon ?? '●',
      hint: route.meta.hint ?? route.meta.title!,
    }))
}
