// ivcrush/ivcrush.hpp: the umbrella header, every public header of the core target
// (not detail/, not the optional adapters with their own targets).
#pragma once

#include "ivcrush/config.hpp"
#include "ivcrush/core/error.hpp"
#include "ivcrush/core/money.hpp"
#include "ivcrush/core/percentage.hpp"
#include "ivcrush/core/price.hpp"
#include "ivcrush/core/strike.hpp"
#include "ivcrush/core/symbol.hpp"
#include "ivcrush/core/time.hpp"
#include "ivcrush/core/volatility.hpp"
#include "ivcrush/earnings/earnings_event.hpp"
#include "ivcrush/io/format.hpp"
#include "ivcrush/version.hpp"
