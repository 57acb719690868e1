"""Analytics: feedback grouped by sector, unit and period for the kommune's quality cycle."""
