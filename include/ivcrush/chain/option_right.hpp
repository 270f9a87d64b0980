// ivcrush/chain/option_right.hpp: forwarding header (deprecated, removed in the next release).
//
// OptionRight moved to the core layer, where pricing may use it: include
// "ivcrush/core/option_right.hpp".
#pragma once

#include "ivcrush/core/option_right.hpp"
