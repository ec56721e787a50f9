package io.castellan.platform;

import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

/**
 * Reads integer parameters so that one which does not parse is a 400 naming the parameter. JAX-RS
 * answers a query or path parameter it cannot convert with a bare 404 ("no resource"), which
 * sends the client looking for the wrong mistake; this converter knows the parameter's name from
 * its annotation and says what is wrong with it.
 */
@Provider
public class IntegerParameters implements ParamConverterProvider {

    @Override
    @SuppressWarnings("unchecked")
    public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
        if (rawType != Integer.class && rawType != int.class) {
            return null;
        }
        String name = parameterName(annotations);
        return (ParamConverter<T>) new ParamConverter<Integer>() {
            @Override
            public Integer fromString(String value) {
                if (value == null) {
                    return null;
                }
                try {
                    return Integer.valueOf(value.strip());
                } catch (NumberFormatException e) {
                    throw ProblemException.invalid(name, "must be a whole number, not '" + shortened(value) + "'");
                }
            }

            @Override
            public String toString(Integer value) {
                return value == null ? null : value.toString();
            }
        };
    }

    private static String parameterName(Annotation[] annotations) {
        for (Annotation a : annotations) {
            if (a instanceof QueryParam q) {
                return q.value();
            }
            if (a instanceof PathParam p) {
                return p.value();
            }
            if (a instanceof HeaderParam h) {
                return h.value();
            }
        }
        return "parameter";
    }

    /** The client's own value, cut short: it is echoed back, so it must not carry a megabyte. */
    private static String shortened(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "...";
    }
}
