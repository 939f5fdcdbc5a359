import { createRouter, createWebHashHistory } from 'vue-router'
import DatasetsView from './views/DatasetsView.vue'

// Hash history: the built app is loaded from a file:// URL, where path routing cannot work.
export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/', redirect: '/datasets' },
    { path: '/datasets', name: 'datasets', component: DatasetsView, meta: { title: 'Datasets' } },
    {
      path: '/training',
      name: 'training',
      component: () => import('./views/TrainingView.vue'),
      meta: { title: 'Training' },
    },
    {
      path: '/communities',
      name: 'communities',
      component: () => import('./views/CommunitiesView.vue'),
      meta: { title: 'Communities' },
    },
    {
      path: '/models',
      name: 'models',
      component: () => import('./views/ModelsView.vue'),
      meta: { title: 'Models' },
    },
    {
      // one saved model's page: verdict, loss curves, hyper-parameters, data lineage
      path: '/models/:modelId(\\d+)',
      name: 'model',
      component: () => import('./views/ModelPage.vue'),
      meta: { title: 'Model' },
    },
  ],
})
