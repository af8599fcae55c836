package io.tscam.server.web;

import java.util.Locale;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.core.convert.converter.ConverterFactory;
import org.springframework.format.FormatterRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Query parameters name enum values in lower case ({@code format=png}, {@code fusion=rollout}). */
@Configuration(proxyBeanMethods = false)
class LenientEnumConverters implements WebMvcConfigurer {

  @Override
  public void addFormatters(FormatterRegistry registry) {
    registry.addConverterFactory(new CaseInsensitiveEnumFactory());
  }

  @SuppressWarnings({"rawtypes", "unchecked"})
  private static final class CaseInsensitiveEnumFactory implements ConverterFactory<String, Enum> {
    @Override
    public <T extends Enum> Converter<String, T> getConverter(Class<T> type) {
      return value -> (T) Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
    }
  }
}
