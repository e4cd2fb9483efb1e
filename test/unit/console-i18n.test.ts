import { fieldLabel, issueText, label, qualifiedLabel, setLang, t } from '../../console/src/i18n';

// The console's words: Vietnamese by default, English on request; the API's English field messages
// shown in Vietnamese where the console knows them.

afterEach(() => setLang('vi'));

describe('console dictionaries', () => {
  test('When the language is switched, then the same key reads in the other language', () => {
    expect(t('nav.receive')).toBe('Tiếp nhận hồ sơ');
    setLang('en');
    expect(t('nav.receive')).toBe('Receive a case');
  });

  test('When a field is named by its path, then array indices do not matter and the group qualifies it in error lists', () => {
    expect(fieldLabel('documents[2].reference')).toBe('Giấy tờ đã nhận');
    expect(fieldLabel('deceased.personalId')).toBe('Số định danh cá nhân');
    expect(qualifiedLabel('deceased.personalId')).toBe('Người chết — Số định danh cá nhân');
    expect(label('status', 'IN_PROGRESS')).toBe('Đang giải quyết');
    expect(label('status', 'SOMETHING_NEW')).toBe('SOMETHING_NEW');
  });

  test('When the API names a field’s problem in English, then Vietnamese readers get it in Vietnamese and English readers as sent', () => {
    expect(issueText('must be exactly 12 digits')).toBe('phải gồm đúng 12 chữ số');
    expect(issueText('Invalid input: expected string, received undefined')).toBe('bắt buộc');
    expect(issueText('Too small: expected string to have >=5 characters')).toBe('cần ít nhất 5 ký tự');
    expect(issueText('a message the console does not know')).toBe('a message the console does not know');
    setLang('en');
    expect(issueText('must be exactly 12 digits')).toBe('must be exactly 12 digits');
    expect(issueText('Invalid input: expected string, received undefined')).toBe('required');
  });
});
