// python/src/value_fields.hpp: option structs (EventChainModel, TickerAnalysisOptions,
// BacktestConfig, ...) as Python value classes described by one table of named fields.
//
//   std::vector<Field<BacktestConfig>> f = {
//       member("fill", "0: mid, 1: the touch", &BacktestConfig::fill),
//       {"commission", "$ per contract per leg", getter, setter}};
//   bind_fields(py::class_<BacktestConfig>(m, "BacktestConfig"), std::move(f));
//
// The class gets: a constructor taking the fields as keyword arguments (unknown names raise
// TypeError listing the known ones), one read-write property per field, to_dict(), __repr__,
// __eq__, and pickling through to_dict (so Dask can ship it: a dict of plain values in, the same
// struct out). Values are checked where the library checks them (validate() at use), so the
// error messages are the library's.
#pragma once

#include <pybind11/pybind11.h>

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "bindings.hpp"

namespace ivcrush::python {

template <class T>
struct Field {
  const char* name;
  const char* doc;
  std::function<py::object(const T&)> get;
  std::function<void(T&, py::handle)> set;
};

// A field that is a plain data member (double, int, bool, std::string, std::size_t ...).
template <class T, class V>
[[nodiscard]] Field<T> member(const char* name, const char* doc, V T::*ptr) {
  return Field<T>{name, doc, [ptr](const T& t) { return py::cast(t.*ptr); },
                  [ptr](T& t, py::handle v) { t.*ptr = v.cast<V>(); }};
}

template <class T>
[[nodiscard]] py::dict fields_to_dict(const std::vector<Field<T>>& fields, const T& t) {
  py::dict d;
  for (const Field<T>& f : fields) d[f.name] = f.get(t);
  return d;
}

template <class T>
void set_fields(const std::vector<Field<T>>& fields, T& t, const py::dict& values,
                const char* type_name) {
  for (const auto& [key, value] : values) {
    const std::string name = key.template cast<std::string>();
    const Field<T>* found = nullptr;
    for (const Field<T>& f : fields) {
      if (name == f.name) found = &f;
    }
    if (found == nullptr) {
      std::string known;
      for (const Field<T>& f : fields) known += (known.empty() ? "" : ", ") + std::string(f.name);
      throw py::type_error(std::string(type_name) + "() got an unexpected keyword argument '" +
                           name + "' (fields: " + known + ")");
    }
    found->set(t, value);
  }
}

template <class T, class... Options>
py::class_<T, Options...>& bind_fields(py::class_<T, Options...>& cls,
                                       std::vector<Field<T>> fields) {
  const auto shared = std::make_shared<const std::vector<Field<T>>>(std::move(fields));
  const std::string type_name = py::str(cls.attr("__name__"));
  cls.def(py::init([shared, type_name](const py::kwargs& kwargs) {
            T t{};
            set_fields(*shared, t, kwargs, type_name.c_str());
            return t;
          }),
          "Keyword arguments named like the properties; the others keep their defaults.");
  for (const Field<T>& f : *shared) {
    cls.def_property(
        f.name, [get = f.get](const T& t) { return get(t); },
        [set = f.set](T& t, py::handle v) { set(t, v); }, f.doc);
  }
  cls.def(
      "to_dict", [shared](const T& t) { return fields_to_dict(*shared, t); },
      "The fields as a dict (what pickling ships).");
  cls.def("__repr__", [shared, type_name](const T& t) {
    std::string out = type_name + "(";
    bool first = true;
    for (const Field<T>& f : *shared) {
      out += (first ? "" : ", ") + std::string(f.name) + "=" +
             py::repr(f.get(t)).template cast<std::string>();
      first = false;
    }
    return out + ")";
  });
  cls.def("__eq__", [shared](const T& a, const T& b) {
    return fields_to_dict(*shared, a).equal(fields_to_dict(*shared, b));
  });
  cls.def(py::pickle([shared](const T& t) { return fields_to_dict(*shared, t); },
                     [shared, type_name](const py::dict& d) {
                       T t{};
                       set_fields(*shared, t, d, type_name.c_str());
                       return t;
                     }));
  return cls;
}

}  // namespace ivcrush::python
