// ivcrush/earnings/earnings_event.hpp: forwarding header (deprecated, removed in the next
// release).
//
// Its records now have a header each: EarningsEvent in "ivcrush/core/earnings_event.hpp" (the
// core layer, so every layer may name an event), DailyBar in "ivcrush/earnings/daily_bar.hpp",
// AnnouncementBars and EarningsReaction in "ivcrush/earnings/earnings_reaction.hpp".
#pragma once

#include "ivcrush/core/earnings_event.hpp"
#include "ivcrush/earnings/daily_bar.hpp"
#include "ivcrush/earnings/earnings_reaction.hpp"
