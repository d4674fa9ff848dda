import urql from '@urql/vue';
import { createApp } from 'vue';
import App from './app/App.vue';
import { authKey, createAuthStore } from './app/auth';
import { createAppRouter } from './app/router';
import { createSessionClient } from './app/session';
import './app/styles.css';

const auth = createAuthStore(window.localStorage, window);

createApp(App)
  .provide(authKey, auth)
  .use(urql, createSessionClient(auth))
  .use(createAppRouter(auth))
  .mount('#app');
