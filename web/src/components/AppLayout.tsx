import { AppShell, Box, Burger, Button, Group, NavLink, ScrollArea, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { canSeeRisk, canWorkWithCargo, useSession } from '../auth/session.tsx';
import { roleLabel } from '../lib/labels.ts';
import { canSeeExchange } from './exchange/access.ts';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { canSeeSeizures } from './results/access.ts';
import { NotificationBell } from './delivery/NotificationBell.tsx';

interface NavItem {
  to: string;
  label: string;
}

interface NavGroup {
  id: string;
  label: string;
  items: NavItem[];
}

function NavSection({ group, pathname }: { group: NavGroup; pathname: string }) {
  return (
    <>
      <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" pt="md" pb={4} id={`nav-${group.id}`}>
        {group.label}
      </Text>
      <div role="group" aria-labelledby={`nav-${group.id}`}>
        {group.items.map((item) => (
          <NavItemLink key={item.to} item={item} pathname={pathname} />
        ))}
      </div>
    </>
  );
}

function NavItemLink({ item, pathname }: { item: NavItem; pathname: string }) {
  const active = item.to === '/' ? pathname === '/' : pathname === item.to || pathname.startsWith(`${item.to}/`);
  return <NavLink component={Link} to={item.to} label={item.label} active={active} aria-current={active ? 'page' : undefined} variant="light" />;
}

export function AppLayout({ children }: { children: React.ReactNode }) {
  const { t } = useTranslation();
  const { me, logout } = useSession();
  const [opened, { toggle, close }] = useDisclosure(false);
  const { pathname } = useLocation();

  // On a narrow screen the navigation closes after choosing a page.
  useEffect(() => close(), [pathname, close]);

  const directory: NavItem[] = [
    { to: '/directory/countries', label: t('nav.countries') },
    { to: '/directory/units', label: t('nav.units') },
    ...(me.can.listUsers ? [{ to: '/directory/users', label: t('nav.users') }] : []),
  ];
  // Cargo data is for the country's officers, unit heads and coordinator; risk for everyone but observers.
  const work: NavGroup[] = [
    ...(canWorkWithCargo(me)
      ? [
          { id: 'cargo', label: t('nav.cargo'), items: [{ to: '/cargo/import', label: t('nav.import') }, { to: '/cargo/consignments', label: t('nav.consignments') }] },
          { id: 'targeting', label: t('nav.targeting'), items: [{ to: '/targeting/queue', label: t('nav.queue') }] },
        ]
      : []),
    ...(canSeeRisk(me) ? [{ id: 'risk', label: t('nav.risk'), items: [{ to: '/risk/profiles', label: t('nav.profiles') }, { to: '/risk/lists', label: t('nav.lists') }, { to: '/risk/watchlists', label: t('watchlists.nav') }, { to: '/risk/models', label: t('model.nav') }] }] : []),
    ...(canSeeExchange(me)
      ? [
          {
            id: 'exchange',
            label: t('exchange.nav.section'),
            items: [
              { to: '/warnings', label: t('exchange.nav.warnings') },
              { to: '/requests', label: t('exchange.nav.requests') },
              { to: '/groups', label: t('exchange.nav.groups') },
            ],
          },
        ]
      : []),
    // Joint operations (observers see aggregates) and meeting follow-up are for everyone signed in.
    {
      id: 'joint',
      label: t('operations.nav.section'),
      items: [
        { to: '/operations', label: t('operations.nav.operations') },
        { to: '/meetings', label: t('meetings.nav.meetings') },
        { to: '/recommendations/follow-up', label: t('meetings.nav.followUp') },
      ],
    },
    // Seizure records for the country's staff; statistics (aggregates) for everyone, observers included.
    {
      id: 'results',
      label: t('results.nav.section'),
      items: [...(canSeeSeizures(me) ? [{ to: '/seizures', label: t('results.nav.seizures') }] : []), { to: '/statistics', label: t('results.nav.statistics') }],
    },
  ];
  const unitText = me.unit ? `${me.unit.code}` : null;

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: { base: 200, lg: 240 }, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <a className="skip-link" href="#main">
        {t('common.skipToContent')}
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap" gap="sm">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('nav.toggle')} aria-expanded={opened} aria-controls="app-navbar" />
            <Text component={Link} to="/" fw={700} size="xl" c="blue.8" lang="en" style={{ textDecoration: 'none' }}>
              {t('common.appName')}
            </Text>
          </Group>
          <Group gap="md" wrap="nowrap">
            <Stack gap={0} align="flex-end" visibleFrom="sm" aria-label={t('nav.account')} role="group">
              <Text size="sm" fw={600} lh={1.2} data-testid="header-user">
                {me.displayName}
              </Text>
              <Text size="xs" c="dimmed" lh={1.2}>
                {roleLabel(t, me.role)}
                {unitText ? ` · ${unitText}` : ''}
              </Text>
            </Stack>
            <NotificationBell />
            <LanguageSwitch />
            <Button variant="default" size="xs" onClick={logout}>
              {t('auth.logout')}
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" id="app-navbar" component="nav" aria-label={t('nav.main')}>
        <AppShell.Section grow component={ScrollArea}>
          <NavItemLink item={{ to: '/', label: t('nav.dashboard') }} pathname={pathname} />
          <NavItemLink item={{ to: '/inbox', label: t('delivery.nav.inbox') }} pathname={pathname} />
          {work.map((g) => (
            <NavSection key={g.id} group={g} pathname={pathname} />
          ))}
          <NavSection group={{ id: 'directory', label: t('nav.directory'), items: directory }} pathname={pathname} />
          {(me.role === 'network_admin' || me.role === 'national_coordinator') && (
            <Box mt="md">
              <NavItemLink item={{ to: '/webhooks', label: t('delivery.nav.webhooks') }} pathname={pathname} />
            </Box>
          )}
          {me.can.readAudit && (
            <Box mt="md">
              <NavItemLink item={{ to: '/audit', label: t('nav.audit') }} pathname={pathname} />
            </Box>
          )}
        </AppShell.Section>
        <AppShell.Section>
          <Stack gap={0} px="sm" pb="xs" hiddenFrom="sm">
            <Text size="sm" fw={600}>
              {me.displayName}
            </Text>
            <Text size="xs" c="dimmed">
              {roleLabel(t, me.role)}
              {unitText ? ` · ${unitText}` : ''}
            </Text>
          </Stack>
          <NavItemLink item={{ to: '/profile', label: t('nav.profile') }} pathname={pathname} />
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1} style={{ outline: 'none' }}>
        {children}
      </AppShell.Main>
    </AppShell>
  );
}
