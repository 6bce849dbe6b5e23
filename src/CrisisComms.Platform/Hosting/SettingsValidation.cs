using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CrisisComms.Platform.Hosting;

public static class SettingsValidation
{
    /// <summary>
    /// Binds <typeparamref name="T"/> to <paramref name="section"/>, validates its data annotations at
    /// start-up and reports each failure as <c>Section:Member: problem</c>, so the message names the key.
    /// </summary>
    public static OptionsBuilder<T> AddSettings<T>(this IServiceCollection services, string section)
        where T : class
    {
        services.AddSingleton<IValidateOptions<T>>(new KeyedAnnotationValidator<T>(section));
        return services.AddOptions<T>().BindConfiguration(section).ValidateOnStart();
    }

    /// <summary>One line for a failed start: every problem, each naming its key.</summary>
    public static string Describe(OptionsValidationException e) =>
        "configuration error: " + string.Join("; ", e.Failures);

    private sealed class KeyedAnnotationValidator<T>(string section) : IValidateOptions<T>
        where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options)
        {
            var results = new List<ValidationResult>();
            if (Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
            {
                return ValidateOptionsResult.Success;
            }

            return ValidateOptionsResult.Fail(results.Select(r =>
                $"{section}:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}"));
        }
    }
}
