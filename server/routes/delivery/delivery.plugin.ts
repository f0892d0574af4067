/**
 * The live-notification hub of this process: started with the app, decorated as app.notificationHub, stopped
 * before the server closes (streams end with a `bye` event). A logout closes that session's streams at once;
 * other processes notice on their next heartbeat (the hub re-checks each stream's session).
 */
import fp from 'fastify-plugin';
import { NotificationHub } from '../../services/delivery/hub.ts';

declare module 'fastify' {
  interface FastifyInstance {
    notificationHub: NotificationHub;
  }
}

export const deliveryPlugin = fp(async (app) => {
  const hub = new NotificationHub(app.store, app.log);
  await hub.start();
  app.decorate('notificationHub', hub);
  app.addHook('onResponse', async (request, reply) => {
    if (request.sessionId && request.method === 'POST' && request.routeOptions.url === '/api/v1/auth/logout' && reply.statusCode < 400) {
      hub.closeSession(request.sessionId);
    }
  });
  app.addHook('preClose', async () => {
    await hub.stop();
  });
});
