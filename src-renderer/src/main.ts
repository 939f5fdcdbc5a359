import { createPinia } from 'pinia'
import { createApp } from 'vue'
import App from './App.vue'
import { setupCharts } from './components/charts/setup-charts'
import { router } from './router'
import './styles/base.css'

setupCharts()
createApp(App).use(createPinia()).use(router).mount('#app')
