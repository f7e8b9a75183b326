export { calendarRoutes } from './routes.ts';
export { enterShippedSchedules, workingDayCalendar } from './use-cases/working-day-calendar.ts';
