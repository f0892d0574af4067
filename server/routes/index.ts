import type { FastifyInstance } from 'fastify';
import { authRoutes } from './auth/auth.routes.ts';
import { meRoutes } from './me/me.routes.ts';
import { countryRoutes } from './directory/countries.routes.ts';
import { agencyRoutes } from './directory/agencies.routes.ts';
import { unitRoutes } from './directory/units.routes.ts';
import { userRoutes } from './directory/users.routes.ts';
import { auditRoutes } from './audit/audit.routes.ts';
import { referenceRoutes } from './reference/reference.routes.ts';
import { systemRoutes } from './system/system.routes.ts';
import { consignmentRoutes } from './intake/consignments.routes.ts';
import { importRoutes } from './intake/imports.routes.ts';
import { riskRoutes } from './risk/risk.routes.ts';
import { watchlistRoutes } from './risk/watchlists.routes.ts';
import { jobRoutes } from './system/jobs.routes.ts';
import { warningRoutes } from './exchange/warnings.routes.ts';
import { groupRoutes } from './exchange/groups.routes.ts';
import { requestRoutes } from './exchange/requests.routes.ts';
import { correlationRoutes, warningDraftRoutes } from './exchange/correlations.routes.ts';
import { consignmentActionRoutes, targetingRoutes } from './risk/targeting.routes.ts';
import { modelRoutes } from './risk/models.routes.ts';
import { deliveryPlugin } from './delivery/delivery.plugin.ts';
import { notificationRoutes } from './delivery/notifications.routes.ts';
import { webhookRoutes } from './delivery/webhooks.routes.ts';
import { seizureCsvRoute, seizureRoutes } from './results/seizures.routes.ts';
import { statisticsRoutes } from './results/statistics.routes.ts';
import { operationRoutes } from './results/operations.routes.ts';
import { meetingRoutes, recommendationRoutes } from './results/meetings.routes.ts';

export async function registerRoutes(app: FastifyInstance): Promise<void> {
  await app.register(systemRoutes, { prefix: '/api' });
  await app.register(deliveryPlugin);
  await app.register(
    async (v1) => {
      await v1.register(authRoutes, { prefix: '/auth' });
      await v1.register(meRoutes, { prefix: '/me' });
      await v1.register(countryRoutes, { prefix: '/countries' });
      await v1.register(agencyRoutes, { prefix: '/agencies' });
      await v1.register(unitRoutes, { prefix: '/units' });
      await v1.register(userRoutes, { prefix: '/users' });
      await v1.register(auditRoutes, { prefix: '/audit' });
      await v1.register(referenceRoutes, { prefix: '/reference' });
      await v1.register(consignmentRoutes, { prefix: '/consignments' });
      await v1.register(importRoutes, { prefix: '/imports' });
      await v1.register(consignmentActionRoutes, { prefix: '/consignments' });
      await v1.register(riskRoutes, { prefix: '/risk' });
      await v1.register(watchlistRoutes, { prefix: '/risk' });
      await v1.register(modelRoutes, { prefix: '/risk' });
      await v1.register(jobRoutes, { prefix: '/jobs' });
      await v1.register(warningRoutes, { prefix: '/warnings' });
      await v1.register(groupRoutes, { prefix: '/groups' });
      await v1.register(requestRoutes, { prefix: '/requests' });
      await v1.register(correlationRoutes, { prefix: '/correlations' });
      await v1.register(warningDraftRoutes, { prefix: '/consignments' });
      await v1.register(targetingRoutes, { prefix: '/targeting' });
      await v1.register(notificationRoutes, { prefix: '/notifications' });
      await v1.register(webhookRoutes, { prefix: '/webhooks' });
      await v1.register(seizureRoutes, { prefix: '/seizures' });
      await v1.register(seizureCsvRoute);
      await v1.register(statisticsRoutes, { prefix: '/statistics' });
      await v1.register(operationRoutes, { prefix: '/operations' });
      await v1.register(meetingRoutes, { prefix: '/meetings' });
      await v1.register(recommendationRoutes, { prefix: '/recommendations' });
    },
    { prefix: '/api/v1' },
  );
}
